package io.rationalspark.training.data;

import java.io.Serializable;

/**
 * A contiguous run of records of one shard file: what a partition of {@link ShardedTrainingData} is made of.
 *
 * @param path        fully qualified URI of the shard file
 * @param firstRecord first record of the run
 * @param recordCount records in the run (at least 1)
 */
public record ShardSlice(String path, int firstRecord, int recordCount) implements Serializable {

    public ShardSlice {
        if (path == null || firstRecord < 0 || recordCount < 1) {
            throw new IllegalArgumentException("invalid shard slice: " + path + " [" + firstRecord + ", +"
                    + recordCount + ")");
        }
    }
}
