package io.rationalspark.jobs.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of strings written as Markdown (for reports) or CSV (for tools), with a fixed header. In Markdown a
 * {@code |} inside a cell is escaped ({@code \|}), so a cell such as {@code |x|} stays one cell.
 */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size()
                    + ": " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(markdownLine(header)).append('|');
        for (int i = 0; i < header.size(); i++) {
            b.append(i == 0 ? "---|" : "---:|");
        }
        b.append('\n');
        for (List<String> row : rows) {
            b.append(markdownLine(row));
        }
        return b.toString();
    }

    private static String markdownLine(List<String> cells) {
        List<String> escaped = new ArrayList<>();
        for (String c : cells) {
            escaped.add(c.replace("|", "\\|"));
        }
        return "| " + String.join(" | ", escaped) + " |\n";
    }

    public String csv() {
        StringBuilder b = new StringBuilder(csvLine(header));
        for (List<String> row : rows) {
            b.append(csvLine(row));
        }
        return b.toString();
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String c : cells) {
            quoted.add(c.contains(",") || c.contains("\"") || c.contains("\n") ? '"' + c.replace("\"", "\"\"") + '"' : c);
        }
        return String.join(",", quoted) + "\n";
    }
}
