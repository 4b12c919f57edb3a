package io.rationalspark.jobs.data;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the data sets that {@code scripts/fetch-data.sh} fetches are: {@code $RATIONALSPARK_DATA} if set, else
 * {@code data/} at the repository root. Tests that need one call {@link #require}, which skips them with a message
 * when the files are absent, except under CI ({@code CI=true}, which {@code .ci/run} sets) for the data sets CI
 * fetches ({@link #FETCHED_BY_CI}): there a missing file fails the test, so CI cannot go green by skipping.
 */
public final class RealData {

    /** The data sets {@code .ci/run} fetches (keep the two in step). */
    public static final java.util.Set<String> FETCHED_BY_CI = java.util.Set.of("fashion-mnist");

    private RealData() {
    }

    /** Whether this runs under CI ({@code CI=true}). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
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
        boolean mustExist = underCi() && FETCHED_BY_CI.contains(name);
        for (String file : files) {
            if (mustExist && !Files.isRegularFile(dir.resolve(file))) {
                throw new AssertionError(dir.resolve(file) + " is absent, but CI=true and .ci/run fetches " + name
                        + ": the fetch failed or wrote elsewhere (RATIONALSPARK_DATA?)");
            }
            Assumptions.assumeTrue(Files.isRegularFile(dir.resolve(file)), () -> "skipped: " + dir.resolve(file)
                    + " is absent; run scripts/fetch-data.sh (or set RATIONALSPARK_DATA) to include this test");
        }
        return dir;
    }
}
