/**
 * Checkpoints and resume: {@link io.rationalspark.training.checkpoint.CheckpointStore} writes the network (with
 * its updater state), the {@link io.rationalspark.training.TrainerState} and metadata to any Hadoop file system,
 * each checkpoint complete or absent (temporary directory, then rename), verified by size and SHA-256 when
 * loaded, the newest valid one chosen on resume, old ones pruned.
 *
 * <p>How the trainer uses it:
 * <pre>{@code
 * CheckpointStore store = new CheckpointStore(dir, hadoopConf, keepLast);
 * Optional<Checkpoint> resume = store.loadLatestValid();   // model + state + metadata, or empty
 * ...
 * store.save(model, state, Map.of("config", resolvedConfigJson));
 * }</pre>
 */
package io.rationalspark.training.checkpoint;
