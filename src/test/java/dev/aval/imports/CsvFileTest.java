package dev.aval.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.imports.CsvFile.Column;

/** The file shapes spreadsheets really export, without Quarkus. */
class CsvFileTest {

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "import", ".csv");
        Files.write(file, bytes);
        return file;
    }

    private Path write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<CsvFile.Record> records(Path file, CsvFile.Shape shape) throws Exception {
        List<CsvFile.Record> records = new ArrayList<>();
        try (CsvFile csv = CsvFile.open(file, shape)) {
            CsvFile.Record r;
            while ((r = csv.next()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    @Test
    void commaFileWithTemplateHeaderIsReadWithLineNumbers() throws Exception {
        Path file = write("documentType,document,email,creditLimit,tolerance\n"
                + "CPF,12345678909,a@b.com,1500.00,0.1\n"
                + "CPF,11144477735,c@d.com,10,\n");
        CsvFile.Shape shape = CsvFile.detect(file);
        assertEquals(',', shape.delimiter());
        assertEquals(StandardCharsets.UTF_8, shape.charset());
        List<CsvFile.Record> records = records(file, shape);
        assertEquals(2, records.size());
        assertEquals(2, records.get(0).line());
        assertEquals(3, records.get(1).line());
        assertEquals("a@b.com", records.get(0).values().get(shape.columns().get(Column.EMAIL)));
    }

    @Test
    void semicolonCrlfBomAndAlternativeHeadersAreDetected() throws Exception {
        byte[] body = ("\uFEFFDocument Type;Document;Email;Credit limit;Tolerance rate\r\n"
                        + "CPF;123.456.789-09;a@b.com;1.234,56;0,1\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Path file = write(body);
        CsvFile.Shape shape = CsvFile.detect(file);
        assertEquals(';', shape.delimiter());
        assertTrue(shape.bom());
        assertEquals(0, shape.columns().get(Column.DOCUMENT_TYPE));
        assertEquals(4, shape.columns().get(Column.TOLERANCE));
        List<CsvFile.Record> records = records(file, shape);
        assertEquals(
                List.of("CPF", "123.456.789-09", "a@b.com", "1.234,56", "0,1"),
                records.get(0).values());
    }

    @Test
    void quotedFieldSpanningLinesKeepsTheLineWhereEachRecordStarts() throws Exception {
        Path file = write("document,email,creditLimit\r\n"
                + "12345678909,\"multi\r\nline\",1\r\n"
                + "\r\n"
                + "11144477735,\"a,\"\"b\"\"\",2\r\n"
                + ",,\r\n"
                + "52998224725,x@y.z,3\r\n\r\n\r\n");
        List<CsvFile.Record> records = records(file, CsvFile.detect(file));
        assertEquals(3, records.size(), "blank lines and rows of empty cells are not records");
        assertEquals(2, records.get(0).line());
        assertEquals("multi\r\nline", records.get(0).values().get(1));
        assertEquals(5, records.get(1).line());
        assertEquals("a,\"b\"", records.get(1).values().get(1));
        assertEquals(7, records.get(2).line());
    }

    @Test
    void windows1252BytesAreDecodedWhenNotUtf8() throws Exception {
        byte[] body = "document;email;creditLimit\n12345678909;jos\u00e9@b.com;1\n".getBytes(CsvFile.WINDOWS_1252);
        Path file = write(body);
        CsvFile.Shape shape = CsvFile.detect(file);
        assertEquals(CsvFile.WINDOWS_1252, shape.charset());
        assertEquals("jos\u00e9@b.com", records(file, shape).get(0).values().get(1));
    }

    @Test
    void utf8AccentsStayUtf8() throws Exception {
        Path file = write("document,email,creditLimit\n12345678909,jos\u00e9@b.com,1\n");
        assertEquals(StandardCharsets.UTF_8, CsvFile.detect(file).charset());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''| empty",
                "document|single column",
                "documentType,document,email,creditLimit,tolerance,color|unknown columns",
                "documentType,document,email|missing columns",
                "document,document,email,creditLimit|appears twice"
            })
    void fileWithoutAUsableHeaderIsUnreadable(String header, String expected) throws Exception {
        Path file = write(header + "\n12345678909,a@b.com,1\n");
        CsvFile.Unreadable e = assertThrows(CsvFile.Unreadable.class, () -> CsvFile.detect(file));
        assertTrue(e.getMessage().contains(expected.strip()), e.getMessage());
    }

    @Test
    void headerOnlyFileHasNoRecords() throws Exception {
        Path file = write("documentType,document,email,creditLimit,tolerance\r\n");
        assertNull(CsvFile.open(file, CsvFile.detect(file)).next());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "1234.56|false|1234.56",
                "1.234,56|true|1234.56",
                "1234,5|true|1234.5",
                "1.500|true|1500",
                "1500.00|true|1500.00",
                "0.125|true|0.125",
                "0,1|true|0.1",
                "1,234.56|false|null",
                "1.234,56|false|null",
                "abc|true|null",
                "12.34.56|true|null"
            })
    void numbersFollowTheFilesConvention(String raw, boolean decimalComma, String expected) {
        BigDecimal parsed = RowValidator.parseNumber(raw, decimalComma);
        assertEquals(expected == null ? null : new BigDecimal(expected), parsed);
    }
}
