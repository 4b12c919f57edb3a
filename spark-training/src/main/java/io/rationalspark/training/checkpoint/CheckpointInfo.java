package io.rationalspark.training.checkpoint;

import org.apache.hadoop.fs.Path;

import java.util.Objects;

/**
 * One checkpoint directory as listed by {@link CheckpointStore#list()}; says nothing about its validity.
 *
 * @param round rounds completed when it was written ({@link io.rationalspark.training.TrainerState#nextRound()})
 * @param path  the fully qualified {@code checkpoint-<round>} directory
 */
public record CheckpointInfo(long round, Path path) {

    public CheckpointInfo {
        Objects.requireNonNull(path, "path");
    }

    /** The directory's name, e.g. {@code checkpoint-000000012}. */
    public String name() {
        return path.getName();
    }
}
