package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The API's English refusals as an analyst reads them; unknown messages pass through unchanged. */
class ApiMessagesTest {

    @Test
    void englishPagesReadNoIdsCodesOrParameterNames() {
        assertEquals("the invoice is already paid", ApiMessages.english("invoice 0193-ab is PAID"));
        assertEquals("the hold has expired", ApiMessages.english("hold 0193-ab is EXPIRED"));
        assertEquals(
                "the payment of R$ 99.999,00 exceeds what the invoice still owes, R$ 1.400,00",
                ApiMessages.english("payment exceeds the invoice: paid 99,999.00, still owed 1,400.00"));
        assertEquals("must not be before \u201cDue from\u201d", ApiMessages.english("must not be before dueFrom"));
        assertEquals("is not a valid CPF", ApiMessages.english("is not a valid CPF"), "what reads well stays");
    }

    @Test
    void fixedMessagesAreTranslated() {
        assertEquals(
                "aparece mais de uma vez neste arquivo", ApiMessages.portuguese("appears more than once in this file"));
        assertEquals(
                "não pode ser anterior a 01/01/2000",
                ApiMessages.portuguese("must not be before 2000-01-01T00:00:00Z"));
        // an import's tolerance typed as a percentage (10) is told how the file writes it
        assertEquals(
                "deve ser uma fração entre 0 e 1 com no máximo 4 casas decimais (0,1 = 10%)",
                ApiMessages.portuguese("must be a fraction between 0 and 1 with at most 4 decimals"));
    }

    @Test
    void messagesCarryingValuesKeepThem() {
        assertEquals("tem mais de 200 caracteres", ApiMessages.portuguese("is longer than 200 characters"));
        assertEquals("deve ser no máximo 100,00", ApiMessages.portuguese("must be less than or equal to 100.00"));
        assertEquals(
                "deve ser no máximo 999.999.999.999,99",
                ApiMessages.portuguese("must be less than or equal to 999999999999.99"));
        assertEquals("a fatura já está paga", ApiMessages.portuguese("invoice 0193 is PAID"));
        assertEquals("a reserva já foi capturada", ApiMessages.portuguese("hold 0193 is CAPTURED"));
        assertEquals(
                "o tempo limite (10m) se esgotou depois de 5000 linhas; as linhas anteriores ficaram aplicadas:"
                        + " divida o arquivo",
                ApiMessages.portuguese("its time budget (10m) was spent after 5000 rows; the rows before stay applied:"
                        + " split the file"));
        assertEquals(
                "o arquivo enviado não está mais guardado (10 de 20 bytes encontrados); envie-o de novo",
                ApiMessages.portuguese(
                        "the uploaded file is no longer stored (10 of 20 bytes found); upload it again"));
        assertEquals(
                "deve ser um destes: CPF, CNPJ, OTHER", ApiMessages.portuguese("must be one of [CPF, CNPJ, OTHER]"));
        assertEquals(
                "sua distribuidora já tem 3 importações na fila ou em andamento; envie esta quando uma terminar",
                ApiMessages.portuguese(
                        "this distributor already has 3 imports queued or running; send this one when one ends"));
        assertEquals(
                "a conta ainda tem reservas ativas (R$ 1.010,00 reservado): capture ou libere-as antes de encerrar",
                ApiMessages.portuguese("credit account 0193 still has active holds (1,010.00 reserved): capture or"
                        + " release them first"));
    }

    @Test
    void amountsAndDatesInRefusalsReadAsTheConsoleWritesThem() {
        assertEquals(
                "o pagamento de R$ 1.500,00 excede o saldo devedor da fatura, R$ 1.234,56",
                ApiMessages.portuguese("payment exceeds the invoice: paid 1,500.00, still owed 1,234.56"));
        assertEquals(
                "a nota de crédito de R$ 20,00 excede o saldo devedor da fatura, R$ 10,00",
                ApiMessages.portuguese("credit note exceeds the invoice: credited 20.00, still owed 10.00"));
        assertEquals(
                "o novo vencimento (22/11/2026) deve ser posterior ao atual (01/12/2026)",
                ApiMessages.portuguese("the new due date 2026-11-22 is not later than the current one, 2026-12-01"));
    }

    @Test
    void whyAnImportFailedIsTranslated() {
        assertEquals(
                "faltam as colunas [creditLimit]; esperado: documentType,document,email,creditLimit,tolerance",
                ApiMessages.portuguese(
                        "missing columns [creditLimit]; expected documentType,document,email,creditLimit,"
                                + "tolerance"));
        assertEquals(
                "colunas desconhecidas [limite]; esperado: documentType,document,email,creditLimit,tolerance",
                ApiMessages.portuguese(
                        "unknown columns [limite]; expected documentType,document,email,creditLimit," + "tolerance"));
        assertEquals(
                "a coluna 'email' aparece duas vezes no cabeçalho",
                ApiMessages.portuguese("the column 'email' appears twice in the header"));
        assertEquals(
                "a linha 7 passa de 64 KiB (65536 bytes); uma célula pode ter perdido a aspa de fechamento",
                ApiMessages.portuguese(
                        "line 7 is longer than 64 KiB (65536 bytes); a cell may have lost its closing" + " quote"));
        assertEquals(
                "não há conta aberta para este documento",
                ApiMessages.portuguese("no open credit account for this document"));
    }

    @Test
    void refusalsOfTheAccountPagesActionsAreTranslated() {
        assertEquals("a reserva já foi capturada", ApiMessages.portuguese("hold 0193-ab is CAPTURED"));
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
