package dev.aval.platform;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * What Aval's own log lines carry from outside — an import's failure reason, a file name, an
 * exception's message — is cut to {@value #MAX_LENGTH} characters and its control characters are
 * escaped before any handler formats it, so no caller can forge log lines, hide text behind terminal
 * escapes or flood the log with one value. It applies to the parameters of every record of a
 * {@code dev.aval} logger (never to the message template, which is code) and to the messages of its
 * exception and that exception's causes. Installed on the console handler
 * ({@code quarkus.log.console.filter}); JSON lines escape control characters again, harmlessly.
 */
@LoggingFilter(name = LogSafety.NAME)
public final class LogSafety implements Filter {

    static final String NAME = "aval-log-safety";
    /** Longest value kept from one parameter or exception message. */
    static final int MAX_LENGTH = 500;

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null || !logger.startsWith("dev.aval.")) {
            return true;
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            Object[] safe = null;
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p != null
                        && !(p instanceof Number
                                || p instanceof Boolean
                                || p instanceof java.util.UUID
                                || p instanceof Enum<?>)) {
                    String text = String.valueOf(p);
                    String cleaned = text(text);
                    if (!cleaned.equals(text)) {
                        if (safe == null) {
                            safe = parameters.clone();
                        }
                        safe[i] = cleaned;
                    }
                }
            }
            if (safe != null) {
                record.setParameters(safe);
            }
        }
        if (record.getThrown() != null) {
            record.setThrown(throwable(record.getThrown()));
        }
        return true;
    }

    /** The value cut to {@value #MAX_LENGTH} characters (saying how much was left out), control characters escaped. */
    public static String text(String value) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(value.length(), MAX_LENGTH);
        StringBuilder out = null;
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(keep + 16).append(value, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        if (keep == value.length()) {
            return out == null ? value : out.toString();
        }
        if (out == null) {
            out = new StringBuilder(keep + 32).append(value, 0, keep);
        }
        return out.append("…(")
                .append(value.length() - keep)
                .append(" more characters)")
                .toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                // C0 and C1 controls, DEL, line/paragraph separators, bidirectional overrides and isolates
                if (c < 0x20
                        || c >= 0x7F && c <= 0x9F
                        || c == '\u2028'
                        || c == '\u2029'
                        || c >= '\u202A' && c <= '\u202E'
                        || c >= '\u2066' && c <= '\u2069') {
                    return String.format("\\u%04x", (int) c);
                }
                return null;
        }
    }

    /** The exception itself when its messages are already safe, else a copy with safe messages and the same stack traces. */
    static Throwable throwable(Throwable thrown) {
        return safe(thrown) ? thrown : copy(thrown, 0);
    }

    private static boolean safe(Throwable thrown) {
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
            String message = t.getMessage();
            if (message != null && !message.equals(text(message))) {
                return false;
            }
        }
        return true;
    }

    private static Throwable copy(Throwable thrown, int depth) {
        Throwable cause = thrown.getCause();
        Throwable causeCopy = cause != null && cause != thrown && depth < 16 ? copy(cause, depth + 1) : null;
        SafeCopy copy = new SafeCopy(thrown.getClass().getName(), text(thrown.getMessage()), causeCopy);
        copy.setStackTrace(thrown.getStackTrace());
        return copy;
    }

    /** Stands for an exception whose message needed cleaning; prints as the original type would. */
    static final class SafeCopy extends RuntimeException {
        private final String type;

        SafeCopy(String type, String message, Throwable cause) {
            super(message, cause, false, true);
            this.type = type;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message != null ? type + ": " + message : type;
        }
    }
}
