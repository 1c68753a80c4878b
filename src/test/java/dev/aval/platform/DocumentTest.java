package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentTest {

    @ParameterizedTest(name = "{0} ({1}) is valid as {2}")
    @CsvSource({
        "123.456.789-09,      , CPF,  12345678909",
        "52998224725,         , CPF,  52998224725",
        "529 982 247 25,      , CPF,  52998224725",
        "11.222.333/0001-81,  , CNPJ, 11222333000181",
        "11222333000181,  CNPJ, CNPJ, 11222333000181",
        "12ABC34501DE35,      , CNPJ, 12ABC34501DE35",
        "12.abc.345/01de-35,  , CNPJ, 12ABC34501DE35",
        "A1B2C3,         OTHER, OTHER, A1B2C3",
        "00000000000,    OTHER, OTHER, 00000000000",
        "p-123.456,      OTHER, OTHER, P123456",
    })
    void validDocumentsAreNormalised(String raw, DocumentType given, DocumentType expectedType, String expected) {
        Document d = Document.parse(given, raw);
        assertEquals(expectedType, d.type());
        assertEquals(expected, d.value());
    }

    @ParameterizedTest(name = "{0} ({1}) is invalid")
    @CsvSource({
        "12345678900,         ", // wrong CPF check digit
        "12345678919,         ", // wrong first check digit
        "00000000000,         ", // repeated digit
        "11111111111,         ",
        "1234567890A,         ", // letter in CPF
        "11222333000182,      ", // wrong CNPJ check digit
        "00000000000000,      ", // repeated digit
        "12ABC34501DE36,      ", // alphanumeric CNPJ, wrong digit
        "12ABC34501DEA5,      ", // check digits must be numeric
        "1234,                ", // neither length
        "123456789012,        ",
        "12345678909,     CNPJ", // a CPF is not a CNPJ
        "11222333000181,  CPF ",
        "ÁÉ123,          OTHER",
        "123456789012345678901234567890123, OTHER",
        "'   ',               ",
    })
    void invalidDocumentsAreRefusedOnTheDocumentField(String raw, DocumentType given) {
        ProblemException e = assertThrows(ProblemException.class, () -> Document.parse(given, raw));
        assertEquals(400, e.status());
        assertEquals("VALIDATION_FAILED", e.code());
        assertEquals("document", e.toProblem().errors().get(0).field());
    }

    @ParameterizedTest(name = "{0} ({1}): {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1234567890A    |      | must be a CPF of 11 digits",
                "123456789      | CPF  | must be a CPF of 11 digits",
                "123456789090   | CPF  | must be a CPF of 11 digits",
                "12345678900    |      | is not a valid CPF",
                "1122233300018  | CNPJ | must be a CNPJ of 14 characters: 12 letters or digits, then 2 check digits",
                "12ABC34501DEA5 |      | must be a CNPJ of 14 characters: 12 letters or digits, then 2 check digits",
                "11222333000182 |      | is not a valid CNPJ",
            })
    void aDocumentOfTheWrongShapeIsNotBlamedOnItsCheckDigits(String raw, DocumentType given, String message) {
        ProblemException e = assertThrows(ProblemException.class, () -> Document.parse(given, raw));
        assertEquals(message, e.toProblem().errors().get(0).message());
    }

    @ParameterizedTest
    @CsvSource({"12345678909, ********909", "12ABC34501DE35, ***********E35", "AB, **"})
    void maskedDocumentsShowOnlyTheirEnd(String value, String masked) {
        assertEquals(masked, Document.mask(value));
    }

    @ParameterizedTest
    @CsvSource({"529982247, 52998224725", "990000000, 99000000050", "1, 00000000191"})
    void aCpfIsMadeFromItsNineDigits(long base, String cpf) {
        assertEquals(cpf, Document.cpf(base));
        assertEquals(true, Document.isValidCpf(cpf));
    }
}
