package dev.aval.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A test against the running service and the embedded PostgreSQL ({@link PostgresResource}),
 * declared once here: with the resource's global scope, Quarkus and PostgreSQL start once for the
 * whole run and every class marked with this annotation shares them. Put it on a test class
 * instead of {@code @QuarkusTest}. Every API answer the test receives through RestAssured is checked
 * against the kept OpenAPI document ({@link ContractCheck}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@QuarkusTest
@ExtendWith(ContractExtension.class)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
public @interface AvalTest {}
