package io.rationalspark.jobs.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The key documentation, generated from the comments of the defaults file: a Markdown table per section for
 * {@code conf/README.md} and plain text for {@code --help}.
 *
 * <p>{@code main(path/to/conf/README.md)} rewrites the part of the README between {@link #BEGIN} and
 * {@link #END}; {@code ConfigDocsTest} fails when that part is out of date.
 */
public final class ConfigDocs {

    public static final String BEGIN = "<!-- BEGIN GENERATED config keys: ConfigDocs writes this part, do not edit -->";
    public static final String END = "<!-- END GENERATED config keys -->";

    private ConfigDocs() {
    }

    /** One Markdown table per top-level section: key, default, description. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        for (ConfigSchema.Entry e : ConfigSchema.get().entries()) {
            if (e.section() && e.path().indexOf('.') < 0) {
                out.append("\n### `").append(e.path()).append("`\n\n").append(e.description()).append("\n\n")
                        .append("| key | default | description |\n|---|---|---|\n");
            } else if (e.section()) {
                out.append("| `").append(e.path()).append(".*` | | ").append(cell(e.description())).append(" |\n");
            } else {
                out.append("| `").append(e.path()).append("` | `").append(cell(e.renderedDefault())).append("` | ")
                        .append(cell(e.description())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Plain text for {@code --help}: each key with its default, and its description on the next line. */
    public static String usage() {
        StringBuilder out = new StringBuilder();
        for (ConfigSchema.Entry e : ConfigSchema.get().entries()) {
            if (e.section()) {
                out.append(e.path().indexOf('.') < 0 ? "\n" : "").append("  ").append(e.path()).append(": ")
                        .append(e.description()).append('\n');
            } else {
                out.append("    ").append(e.path()).append(" = ").append(e.renderedDefault()).append('\n')
                        .append("        ").append(e.description()).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code readme} with the part between the markers replaced by {@link #markdown()}. */
    public static String updateReadme(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README has no '" + BEGIN + "' ... '" + END + "' block");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + markdown() + "\n" + readme.substring(end);
    }

    /** Rewrites the generated block of the README at {@code args[0]} (default {@code conf/README.md}). */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "conf/README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String updated = updateReadme(text);
        if (!updated.equals(text)) {
            Files.writeString(readme, updated, StandardCharsets.UTF_8);
            System.out.println("updated " + readme);
        } else {
            System.out.println(readme + " is up to date");
        }
    }
}
