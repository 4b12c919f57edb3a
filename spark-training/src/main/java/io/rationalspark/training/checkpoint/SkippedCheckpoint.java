package io.rationalspark.training.checkpoint;

/**
 * A checkpoint that {@link CheckpointStore#loadLatestValid()} passed over, and why.
 *
 * @param info   the checkpoint
 * @param reason what was wrong, e.g. "model.zip: SHA-256 … does not match the recorded …"
 */
public record SkippedCheckpoint(CheckpointInfo info, String reason) {
}
