package dev.aval.imports;

/**
 * Cells that a spreadsheet would run as a formula (CSV injection): in the failed-rows CSV a cell
 * starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR gets a leading {@code '}, so
 * the sheet shows it as text; on upload that one {@code '} before {@code =}, {@code +}, {@code -},
 * {@code @} is removed again, so a fixed errors file can be sent back as it is.
 */
final class SpreadsheetCells {

    private SpreadsheetCells() {}

    static String neutralised(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell
                : cell;
    }

    static String uploaded(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '\'') {
            char next = cell.charAt(1);
            if (next == '=' || next == '+' || next == '-' || next == '@') {
                return cell.substring(1);
            }
        }
        return cell;
    }
}
