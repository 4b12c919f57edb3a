package io.rationalspark.training.checkpoint;

import java.io.IOException;

/**
 * A checkpoint directory that cannot be loaded: a file missing or not matching its recorded digest, malformed
 * JSON, an unknown format version, or a model archive DL4J cannot restore. {@link #reason()} is the message
 * without the checkpoint's path.
 */
public class InvalidCheckpointException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public InvalidCheckpointException(CheckpointInfo info, String reason, Throwable cause) {
        super(info.path() + ": " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
