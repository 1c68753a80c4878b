package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The API's English refusals as an analyst reads them; unknown messages pass through unchanged. */
class ApiMessagesTest {

    @Test
    void fixedMessagesAreTranslated() {
        assertEquals(
                "aparece mais de uma vez neste arquivo", ApiMessages.portuguese("appears more than once in this file"));
        assertEquals(
                "não pode ser anterior a 01/01/2000",
                ApiMessages.portuguese("must not be before 2000-01-01T00:00:00Z"));
    }

    @Test
    void messagesCarryingValuesKeepThem() {
        assertEquals("tem mais de 200 caracteres", ApiMessages.portuguese("is longer than 200 characters"));
        assertEquals("deve ser no máximo 100.00", ApiMessages.portuguese("must be less than or equal to 100.00"));
        assertEquals("deve ser um de [CPF, CNPJ, OTHER]", ApiMessages.portuguese("must be one of [CPF, CNPJ, OTHER]"));
        assertEquals(
                "sua distribuidora já tem 3 importações na fila ou em andamento; envie esta quando uma terminar",
                ApiMessages.portuguese(
                        "this distributor already has 3 imports queued or running; send this one when one ends"));
        assertEquals(
                "a conta ainda tem reservas ativas (10.00 reservado): capture ou libere-as antes de encerrar",
                ApiMessages.portuguese("credit account 0193 still has active holds (10.00 reserved): capture or"
                        + " release them first"));
    }

    @Test
    void refusalsOfTheAccountPagesActionsAreTranslated() {
        assertEquals("a reserva não está mais ativa (CAPTURED)", ApiMessages.portuguese("hold 0193-ab is CAPTURED"));
        assertEquals("a conta está encerrada", ApiMessages.portuguese("credit account 0193-ab is closed"));
        assertEquals("esta reserva não é desta conta", ApiMessages.portuguese("no hold 0193-ab on this account"));
        assertEquals("deve ser em no máximo 30 dias", ApiMessages.portuguese("must be at most 30 days away"));
    }

    @Test
    void unknownMessagesAreShownAsWritten() {
        assertEquals("something new", ApiMessages.portuguese("something new"));
        assertEquals(null, ApiMessages.portuguese(null));
    }
}
