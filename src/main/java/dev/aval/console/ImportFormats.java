package dev.aval.console;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/** Numbers of the import screens, the Brazilian way like {@link Formats}: counts {@code 1.234}, sizes {@code 64 KB}. */
@TemplateExtension(namespace = "imports")
public final class ImportFormats {

    private static final DecimalFormatSymbols BR = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("pt-BR"));

    private ImportFormats() {}

    /** {@code 1234} → {@code 1.234}; null (not counted yet) → {@code —}. */
    public static String count(Integer n) {
        return n == null ? "—" : new DecimalFormat("#,##0", BR).format(n);
    }

    /** A percentage 0–100 with at most one decimal: {@code 42,5}. */
    public static String percent(BigDecimal percent) {
        return new DecimalFormat("0.#", BR).format(percent);
    }

    /** Bytes the way a file chooser shows them: {@code 512 B}, {@code 64 KB}, {@code 1,5 MB} (1024-based). */
    public static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return new DecimalFormat(unit == 0 ? "0" : "0.#", BR).format(value) + " " + units[unit];
    }
}
