package dev.aval.customer;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The data of a {@code customer.status_changed} event: the customer as the API answers it after
 * the change, and the status it had before (null when the change created it).
 */
record StatusChangedEvent(@JsonUnwrapped CustomerView customer, CustomerStatus previousStatus) {}
