package io.rationalspark.training.checkpoint;

import java.util.Map;

/**
 * The content of {@code checkpoint.json}: written last, it says what the checkpoint holds and how to check it.
 *
 * @param formatVersion layout of the checkpoint directory and of this file ({@link #FORMAT_VERSION}); loaders
 *                      reject other versions
 * @param createdAt     ISO-8601 instant of writing
 * @param round         rounds completed ({@code TrainerState.nextRound()}); also the directory's number
 * @param modelType     the network type inside {@code model.zip}
 * @param libraries     versions of the libraries that wrote it (deeplearning4j, spark, hadoop, java, nd4j backend)
 * @param metadata      the caller's metadata, e.g. the resolved job configuration
 * @param files         size and SHA-256 of every other file in the checkpoint, by file name
 */
public record CheckpointManifest(int formatVersion, String createdAt, long round, ModelKind modelType,
                                 Map<String, String> libraries, Map<String, String> metadata,
                                 Map<String, FileDigest> files) {

    public static final int FORMAT_VERSION = 1;

    /**
     * @param bytes  file length
     * @param sha256 lower-case hex SHA-256 of the file's bytes
     */
    public record FileDigest(long bytes, String sha256) {
    }
}
