package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** Values from outside are cut and their control characters escaped before a log line is formatted. */
class LogSafetyTest {

    private final LogSafety filter = new LogSafety();

    @Test
    void controlCharactersAreEscapedSoNoValueForgesALine() {
        assertEquals(
                "unknown columns [a\\nFAKE ERROR line, \\u001b[31mred\\u001b[0m\\r\\t\\u0000\\u2028\\u202e]",
                LogSafety.text("unknown columns [a\nFAKE ERROR line, \u001b[31mred\u001b[0m\r\t\u0000\u2028\u202e]"));
        assertEquals(
                "plain text, accents: ação; quotes \" and 'x'",
                LogSafety.text("plain text, accents: ação; quotes \" and 'x'"));
    }

    @Test
    void longValuesAreCutAndSayHowMuchWasLeftOut() {
        String cut = LogSafety.text("x".repeat(20_000));
        assertTrue(cut.startsWith("x".repeat(LogSafety.MAX_LENGTH) + "…("), cut);
        assertTrue(cut.endsWith("(" + (20_000 - LogSafety.MAX_LENGTH) + " more characters)"), cut);
        assertEquals("x".repeat(LogSafety.MAX_LENGTH), LogSafety.text("x".repeat(LogSafety.MAX_LENGTH)));
    }

    @Test
    void theParametersOfAvalsRecordsAreCleanedNotTheTemplateNorIdsNorOthersRecords() {
        UUID id = UUID.randomUUID();
        LogRecord record =
                record("dev.aval.imports.ImportQueue", "import %s FAILED: %s", id, "bad\nline" + "y".repeat(5_000));
        assertTrue(filter.isLoggable(record));
        assertEquals("import %s FAILED: %s", record.getMessage());
        assertSame(id, record.getParameters()[0]);
        String reason = (String) record.getParameters()[1];
        assertTrue(reason.startsWith("bad\\nline") && reason.length() < LogSafety.MAX_LENGTH + 40, reason);

        Object[] theirs = {"a\nb"};
        LogRecord other = record("io.vertx.core.impl.ContextImpl", "%s", theirs);
        assertTrue(filter.isLoggable(other));
        assertArrayEquals(new Object[] {"a\nb"}, other.getParameters());
    }

    @Test
    void anExceptionWithAnUnsafeMessageIsLoggedAsACleanCopyWithTheSameStackTraces() {
        IllegalStateException cause = new IllegalStateException("cause\nwith a forged line");
        RuntimeException thrown = new RuntimeException("top " + "z".repeat(2_000), cause);
        LogRecord record = record("dev.aval.platform.ProblemMappers", "unexpected failure");
        record.setThrown(thrown);
        filter.isLoggable(record);
        Throwable logged = record.getThrown();
        assertTrue(logged.toString().startsWith("java.lang.RuntimeException: top zzz"), logged.toString());
        assertTrue(logged.getMessage().length() < LogSafety.MAX_LENGTH + 40);
        assertArrayEquals(thrown.getStackTrace(), logged.getStackTrace());
        assertEquals(
                "java.lang.IllegalStateException: cause\\nwith a forged line",
                logged.getCause().toString());
        assertArrayEquals(cause.getStackTrace(), logged.getCause().getStackTrace());
    }

    @Test
    void anExceptionWithSafeMessagesIsLoggedAsItIs() {
        RuntimeException thrown = new RuntimeException("fine", new IllegalStateException("also fine"));
        LogRecord record = record("dev.aval.imports.ImportQueue", "x");
        record.setThrown(thrown);
        filter.isLoggable(record);
        assertSame(thrown, record.getThrown());
    }

    private static LogRecord record(String logger, String message, Object... parameters) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        record.setParameters(parameters);
        return record;
    }
}
