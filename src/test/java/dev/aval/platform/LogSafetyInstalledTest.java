package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

/** The running service's console log handler cleans the values of Aval's records ({@link LogSafety}). */
@AvalTest
class LogSafetyInstalledTest {

    @Test
    void theConsoleHandlerCleansAvalsValues() {
        List<String> seen = new ArrayList<>();
        boolean found = false;
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            found |= cleans(handler, seen);
        }
        assertTrue(found, "no console handler cleans the values of Aval's records: " + seen);
    }

    /** Whether the handler, or one it delegates to, is a console handler whose filter cleans a crafted record. */
    private static boolean cleans(Handler handler, List<String> seen) {
        seen.add(handler.getClass().getName() + " filter=" + handler.getFilter());
        if (handler instanceof ConsoleHandler && handler.getFilter() != null) {
            LogRecord record = new LogRecord(Level.WARNING, "import %s FAILED: %s");
            record.setLoggerName("dev.aval.imports.ImportQueue");
            record.setParameters(new Object[] {"id", "a\nforged line"});
            handler.getFilter().isLoggable(record);
            if ("a\\nforged line".equals(record.getParameters()[1])) {
                return true;
            }
        }
        if (handler instanceof ExtHandler ext) {
            for (Handler child : ext.getHandlers()) {
                if (cleans(child, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
