package io.rationalspark.training.data;

import java.io.Serializable;

/**
 * A contiguous run of records of one shard file: what a partition of {@link ShardedTrainingData} is made of.
 *
 * @param path        fully qualified URI of the shard file
 * @param firstRecord first record of the run
 * @param recordCount records in the run (at least 1)
 * @param sha256      the file's SHA-256 from the manifest (lowercase hex), checked before the file is read; null for
 *                    a version 1 manifest, which has none
 */
public record ShardSlice(String path, int firstRecord, int recordCount, String sha256) implements Serializable {

    public ShardSlice {
        if (path == null || firstRecord < 0 || recordCount < 1) {
            throw new IllegalArgumentException("invalid shard slice: " + path + " [" + firstRecord + ", +"
                    + recordCount + ")");
        }
    }
}
