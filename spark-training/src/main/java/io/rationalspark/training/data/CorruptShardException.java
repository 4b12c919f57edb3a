package io.rationalspark.training.data;

import java.io.IOException;

/**
 * A shard file or manifest that cannot be trusted: wrong magic, unknown version, truncation, a CRC mismatch, an
 * inconsistent index or manifest. The message names the file and, where it applies, the record.
 */
public class CorruptShardException extends IOException {

    public CorruptShardException(String message) {
        super(message);
    }

    public CorruptShardException(String message, Throwable cause) {
        super(message, cause);
    }
}
