/**
 * Cross-cutting only: problem+json error mapping, API-key security and tenancy checks,
 * rate limiting, pagination cursors, ids, and the document (CPF/CNPJ) value type.
 * Nothing here knows a feature's tables.
 */
package dev.aval.platform;
