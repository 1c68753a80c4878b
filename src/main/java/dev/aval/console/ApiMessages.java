package dev.aval.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aval.platform.Document;

/**
 * The API's refusals, which the console shows next to their fields, said in Portuguese when the
 * page is: the API speaks English to integrators, an analyst reads pt-BR. A message not known here
 * is shown as the API wrote it.
 */
final class ApiMessages {

    // the API's messages with values, read by both languages
    private static final Pattern PAYMENT_EXCEEDS =
            Pattern.compile("payment exceeds the invoice: paid ([0-9,.]+), still owed ([0-9,.]+)");
    private static final Pattern CREDIT_NOTE_EXCEEDS =
            Pattern.compile("credit note exceeds the invoice: credited ([0-9,.]+), still owed ([0-9,.]+)");
    private static final Pattern DUE_DATE_NOT_LATER = Pattern.compile(
            "the new due date (\\d{4}-\\d{2}-\\d{2}) is not later than the current one, (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern INVOICE_NOT_OPEN = Pattern.compile("invoice \\S+ is (PAID|CANCELLED)");
    private static final Pattern ACTIVE_HOLDS = Pattern.compile(
            "credit account \\S+ still has active holds \\(([0-9,.]+) reserved\\): capture or release them first");
    private static final Pattern ACCOUNT_CLOSED = Pattern.compile("credit account \\S+ is (CLOSED|closed)");
    private static final Pattern HOLD_NOT_ACTIVE = Pattern.compile("hold \\S+ is (CAPTURED|RELEASED|EXPIRED)");
    private static final Pattern NO_SUCH_HOLD = Pattern.compile("no hold \\S+ on this account");
    private static final Pattern NO_SUCH_HOLDER = Pattern.compile("no holder \\S+ on this account");
    private static final Pattern AT_MOST = Pattern.compile("must be less than or equal to ([0-9.]+)");

    private static final Map<String, String> PORTUGUESE = Map.ofEntries(
            Map.entry("must not be blank", "não pode ficar em branco"),
            Map.entry("must not be null", "é obrigatório"),
            Map.entry(Document.CPF_INVALID, "não é um CPF válido: confira os dígitos verificadores"),
            Map.entry(Document.CNPJ_INVALID, "não é um CNPJ válido: confira os dígitos verificadores"),
            Map.entry(Document.CPF_SHAPE, "deve ser um CPF de 11 dígitos"),
            Map.entry(
                    Document.CNPJ_SHAPE,
                    "deve ser um CNPJ de 14 caracteres: 12 letras ou dígitos e 2 dígitos verificadores"),
            Map.entry(Document.OTHER_SHAPE, "deve ter de 1 a 32 caracteres [0-9A-Z]"),
            Map.entry(
                    Document.NEITHER,
                    "deve ser um CPF (11 dígitos) ou um CNPJ (14 caracteres); para outros documentos escolha o tipo OTHER"),
            Map.entry("must be a well-formed email address", "deve ser um email válido"),
            Map.entry(
                    DocumentQuery.NOT_FOUND,
                    "nenhuma conta tem este documento, e ele não é um CPF (11 dígitos) nem um CNPJ (14 caracteres)"),
            Map.entry("must have at most 2 decimals", "deve ter no máximo 2 casas decimais"),
            Map.entry("must not be negative", "não pode ser negativo"),
            Map.entry("must be a number, like 1.234,56", "deve ser um número, como 1.234,56"),
            Map.entry("must be a percentage, like 10 or 12,5", "deve ser um percentual, como 10 ou 12,5"),
            Map.entry("must be a date (2026-11-22 or 22/11/2026)", "deve ser uma data (22/11/2026 ou 2026-11-22)"),
            Map.entry("must not be before from", "não pode ser antes do início"),
            Map.entry(
                    "must be a percentage between 0 and 100 with at most 2 decimals",
                    "deve ser um percentual entre 0 e 100 com no máximo 2 casas decimais"),
            Map.entry("must be at least 0.01", "deve ser no mínimo 0,01"),
            Map.entry(
                    "must be a fraction between 0 and 1 with at most 4 decimals",
                    "deve ser uma fração entre 0 e 1 com no máximo 4 casas decimais (0,1 = 10%)"),
            Map.entry("must be at most 999999999999.99", "deve ser no máximo 999.999.999.999,99"),
            Map.entry("must be between the years 0001 and 9999", "deve estar entre os anos 0001 e 9999"),
            Map.entry("must not contain the NUL character (\\u0000)", "não pode conter o caractere NUL"),
            Map.entry("this email already uses the account's credit", "este email já usa o crédito da conta"),
            Map.entry("must not be before 2000-01-01T00:00:00Z", "não pode ser anterior a 01/01/2000"),
            Map.entry("appears more than once in this file", "aparece mais de uma vez neste arquivo"),
            Map.entry("has more values than the header has columns", "tem mais valores do que o cabeçalho tem colunas"),
            Map.entry("must be greater than or equal to 0", "não pode ser negativo"),
            Map.entry("must be a number (e.g. 1.234,56)", "deve ser um número, como 1.234,56"),
            Map.entry("must be a number (e.g. 1234.56)", "deve ser um número, como 1234.56"),
            Map.entry("must not be before dueFrom", "não pode ser antes de \u201cVence a partir de\u201d"),
            Map.entry("must be after from", "deve ser depois do início"),
            Map.entry("must be in the future", "deve estar no futuro"),
            Map.entry("no open credit account for this document", "não há conta aberta para este documento"),
            Map.entry(
                    "this form was already sent with another file; reload the page",
                    "este formulário já foi enviado com outro arquivo; recarregue a página"),
            Map.entry(
                    "an open credit account already exists for this document",
                    "já existe uma conta aberta para este documento"),
            Map.entry(
                    "an OPEN credit account already exists for this document; close it first",
                    "já existe uma conta aberta para este documento; encerre-a antes de abrir outra"),
            Map.entry(
                    "the file is empty or its first line (the header) is blank",
                    "o arquivo está vazio ou sua primeira linha (o cabeçalho) está em branco"));

    /** A message with values: the API's pattern and how the page's language says it from the match. */
    private record Rule(Pattern api, Function<Matcher, String> translated) {

        Rule(Pattern api, String translated) {
            this(api, m -> m.replaceAll(translated));
        }
    }

    private static final List<Rule> PATTERNS = List.of(
            new Rule(Pattern.compile("size must be between (\\d+) and (\\d+)"), "deve ter entre $1 e $2 caracteres"),
            new Rule(
                    Pattern.compile("an OPEN credit account already exists for (.+); close it first"),
                    "já existe uma conta aberta para $1; encerre-a antes de abrir outra"),
            new Rule(
                    PAYMENT_EXCEEDS,
                    m -> "o pagamento de " + brl(m.group(1)) + " excede o saldo devedor da fatura, " + brl(m.group(2))),
            new Rule(
                    CREDIT_NOTE_EXCEEDS,
                    m -> "a nota de crédito de " + brl(m.group(1)) + " excede o saldo devedor da fatura, "
                            + brl(m.group(2))),
            new Rule(
                    DUE_DATE_NOT_LATER,
                    m -> "o novo vencimento (" + date(m.group(1)) + ") deve ser posterior ao atual (" + date(m.group(2))
                            + ")"),
            new Rule(
                    INVOICE_NOT_OPEN,
                    m -> "PAID".equals(m.group(1)) ? "a fatura já está paga" : "a fatura está cancelada"),
            new Rule(
                    Pattern.compile(
                            "this distributor already has (\\d+) imports queued or running; send this one when one ends"),
                    "sua distribuidora já tem $1 importações na fila ou em andamento; envie esta quando uma terminar"),
            new Rule(
                    ACTIVE_HOLDS,
                    m -> "a conta ainda tem reservas ativas (" + brl(m.group(1))
                            + " reservado): capture ou libere-as antes de encerrar"),
            new Rule(ACCOUNT_CLOSED, "a conta está encerrada"),
            new Rule(HOLD_NOT_ACTIVE, m -> switch (m.group(1)) {
                case "CAPTURED" -> "a reserva já foi capturada";
                case "RELEASED" -> "a reserva já foi liberada";
                default -> "a reserva expirou";
            }),
            new Rule(NO_SUCH_HOLD, "esta reserva não é desta conta"),
            new Rule(NO_SUCH_HOLDER, "este email não é desta conta"),
            new Rule(Pattern.compile("must be at most (\\d+) days away"), "deve ser em no máximo $1 dias"),
            new Rule(
                    Pattern.compile("(\\w+) is not a valid (CPF|CNPJ)"),
                    "$1 não é um $2 válido: confira os dígitos verificadores"),
            new Rule(Pattern.compile("is longer than (\\d+) characters"), "tem mais de $1 caracteres"),
            new Rule(
                    Pattern.compile("must be a number of at most (\\d+) characters"),
                    "deve ser um número de até $1 caracteres"),
            new Rule(AT_MOST, m -> "deve ser no máximo " + number(m.group(1))),
            new Rule(Pattern.compile("must have at most (\\d+) decimals"), "deve ter no máximo $1 casas decimais"),
            new Rule(Pattern.compile("must be one of \\[(.+)\\]"), "deve ser um destes: $1"),
            new Rule(Pattern.compile("could not be applied: (.+)"), "não pôde ser aplicada: $1"),
            // why an import failed as a whole (CsvFile, LineLimit)
            new Rule(
                    Pattern.compile("the header has a single column; expected (.+) separated by ',' or ';'"),
                    "o cabeçalho tem uma só coluna; esperado: $1, separadas por ',' ou ';'"),
            new Rule(
                    Pattern.compile("the column '(.+)' appears twice in the header"),
                    "a coluna '$1' aparece duas vezes no cabeçalho"),
            new Rule(
                    Pattern.compile("unknown columns (\\[.*\\]); expected (.+)"),
                    "colunas desconhecidas $1; esperado: $2"),
            new Rule(
                    Pattern.compile("missing columns (\\[.*\\]); expected (.+)"), "faltam as colunas $1; esperado: $2"),
            new Rule(
                    Pattern.compile("line (\\d+) is longer than 64 KiB \\((\\d+) bytes\\); a cell may have lost its"
                            + " closing quote"),
                    "a linha $1 passa de 64 KiB ($2 bytes); uma célula pode ter perdido a aspa de fechamento"),
            new Rule(Pattern.compile("the header could not be read: (.+)"), "o cabeçalho não pôde ser lido: $1"),
            new Rule(
                    Pattern.compile("the file is malformed after line (\\d+): (.+)"),
                    "o arquivo está malformado depois da linha $1: $2"),
            new Rule(
                    Pattern.compile("the import (stopped unexpectedly|failed) \\((.+)\\); upload the file again"),
                    "a importação parou ($2); envie o arquivo de novo"),
            new Rule(
                    Pattern.compile("its time budget \\((.+)\\) was spent after (\\d+) rows; the rows before stay"
                            + " applied: split the file"),
                    "o tempo limite ($1) se esgotou depois de $2 linhas; as linhas anteriores ficaram aplicadas:"
                            + " divida o arquivo"),
            new Rule(
                    Pattern.compile(
                            "the uploaded file is no longer stored \\((\\d+) of (\\d+) bytes found\\); upload it"
                                    + " again"),
                    "o arquivo enviado não está mais guardado ($1 de $2 bytes encontrados); envie-o de novo"));

    /**
     * The English pages' version: the API's words where they read well, but not what is written for
     * integrators (ids, status codes, parameter names, amounts as 1,234.56).
     */
    private static final Map<String, String> ENGLISH = Map.of(
            "must not be before dueFrom",
            "must not be before \u201cDue from\u201d",
            "must not be before from",
            "must not be before \u201cFrom\u201d",
            Document.NEITHER,
            "must be a CPF (11 digits) or a CNPJ (14 characters); for other documents choose the type OTHER",
            "must be a fraction between 0 and 1 with at most 4 decimals",
            "must be a fraction between 0 and 1 with at most 4 decimals (0.1 = 10%)");

    private static final List<Rule> ENGLISH_PATTERNS = List.of(
            new Rule(
                    PAYMENT_EXCEEDS,
                    m -> "the payment of " + brl(m.group(1)) + " exceeds what the invoice still owes, "
                            + brl(m.group(2))),
            new Rule(
                    CREDIT_NOTE_EXCEEDS,
                    m -> "the credit note of " + brl(m.group(1)) + " exceeds what the invoice still owes, "
                            + brl(m.group(2))),
            new Rule(
                    DUE_DATE_NOT_LATER,
                    m -> "the new due date (" + date(m.group(1)) + ") must be later than the current one ("
                            + date(m.group(2)) + ")"),
            new Rule(
                    INVOICE_NOT_OPEN,
                    m -> "PAID".equals(m.group(1)) ? "the invoice is already paid" : "the invoice is cancelled"),
            new Rule(HOLD_NOT_ACTIVE, m -> switch (m.group(1)) {
                case "CAPTURED" -> "the hold was already captured";
                case "RELEASED" -> "the hold was already released";
                default -> "the hold has expired";
            }),
            new Rule(
                    ACTIVE_HOLDS,
                    m -> "the account still has active holds (" + brl(m.group(1))
                            + " reserved): capture or release them before closing it"),
            new Rule(ACCOUNT_CLOSED, "the account is closed"),
            new Rule(NO_SUCH_HOLD, "this hold is not on this account"),
            new Rule(NO_SUCH_HOLDER, "this email is not on this account"),
            new Rule(AT_MOST, m -> "must be at most " + m.group(1)));

    private ApiMessages() {}

    static String english(String message) {
        return translated(message, ENGLISH, ENGLISH_PATTERNS);
    }

    /** An amount as the API writes it (1,234.56) as the console shows it (R$ 1.234,56). */
    private static String brl(String api) {
        return Formats.brl(new BigDecimal(api.replace(",", "")));
    }

    /** A number as the API writes it (999999999999.99) as pt-BR does (999.999.999.999,99), its decimals kept. */
    private static String number(String api) {
        BigDecimal value = new BigDecimal(api);
        java.text.DecimalFormat format = new java.text.DecimalFormat(
                "#,##0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.forLanguageTag("pt-BR")));
        format.setMinimumFractionDigits(Math.max(0, value.scale()));
        format.setMaximumFractionDigits(Math.max(0, value.scale()));
        return format.format(value);
    }

    /** A date as the API writes it (2026-11-22) as the console shows it (22/11/2026). */
    private static String date(String api) {
        return Formats.date(LocalDate.parse(api));
    }

    static String portuguese(String message) {
        return translated(message, PORTUGUESE, PATTERNS);
    }

    private static String translated(String message, Map<String, String> fixed, List<Rule> patterns) {
        if (message == null) {
            return null;
        }
        String known = fixed.get(message);
        if (known != null) {
            return known;
        }
        for (Rule rule : patterns) {
            Matcher m = rule.api().matcher(message);
            if (m.matches()) {
                return rule.translated().apply(m);
            }
        }
        return message;
    }
}
