package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data sets that {@code scripts/fetch-data.sh} fetches are: {@code $RATIONALSPARK_DATA} if set, else
 * {@code data/} at the repository root. Tests that need one call {@link #require}, which skips them with a message
 * when the files are absent (CI may or may not fetch).
 */
public final class RealData {

    private RealData() {
    }

    public static Path root() {
        String configured = System.getenv("RATIONALSPARK_DATA");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/fetch-data.sh"))) {
                return dir.resolve("data");
            }
        }
        return here.resolve("data");
    }

    /** The directory of data set {@code name}, or the test is skipped if any of {@code files} is missing there. */
    public static Path require(String name, String... files) {
        Path dir = root().resolve(name);
        for (String file : files) {
            Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(file)), () -> "skipped: " + dir.resolve(file)
                    + " is absent; run scripts/fetch-data.sh (or set RATIONALSPARK_DATA) to include this test");
        }
        return dir;
    }
}
