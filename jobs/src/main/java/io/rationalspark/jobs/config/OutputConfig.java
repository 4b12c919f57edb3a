package io.rationalspark.jobs.config;

import org.apache.hadoop.fs.Path;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Section {@code output}.
 *
 * @param dir       {@code output.dir}: the run directory (a Hadoop URI or local path); empty: not set
 * @param stopAfter {@code output.stopAfter}: studies start no new training run after this long (the report of the
 *                  runs done so far is written, and the next start resumes the study); empty: run to the end. Being
 *                  in {@code output}, it may differ between the sessions of one study
 */
public record OutputConfig(Optional<String> dir, Optional<Duration> stopAfter) {

    public OutputConfig(Optional<String> dir) {
        this(dir, Optional.empty());
    }

    public OutputConfig {
        Objects.requireNonNull(dir, "output.dir");
        Objects.requireNonNull(stopAfter, "output.stopAfter");
        stopAfter.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("output.stopAfter must be positive, got " + d);
            }
        });
        dir.ifPresent(d -> {
            if (d.isBlank()) {
                throw new IllegalArgumentException("output.dir must not be blank, got '" + d + "'");
            }
            try {
                new Path(d);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("output.dir: not a valid path or URI: '" + d + "' ("
                        + e.getMessage() + ")", e);
            }
        });
    }

    /** The run directory; fails with a hint when it is not set. */
    public String requireDir() {
        return dir.orElseThrow(() -> new JobConfigException("output.dir is not set; choose a run directory,"
                + " e.g. --set output.dir=runs/my-run or hdfs://namenode:8020/rationalspark/runs/my-run"));
    }

    static OutputConfig read(ConfigReader r) {
        return new OutputConfig(r.optionalString("output.dir"), r.optionalDuration("output.stopAfter"));
    }
}
