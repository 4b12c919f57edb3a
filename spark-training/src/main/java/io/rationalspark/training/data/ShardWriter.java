package io.rationalspark.training.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes a stream of minibatches as a shard directory on any Hadoop file system ({@code file://},
 * {@code hdfs://}, {@code s3a://}): {@code minibatchesPerShard} minibatches per shard file (the last shard holds
 * the rest) and a {@code _manifest.json}.
 *
 * <p>Every minibatch is validated as it is written: features and labels present, all arrays agreeing on the
 * number of examples, no NaN or infinite values, and the same shapes (but for the batch dimension), mask presence
 * and data types as minibatch 0. Errors name the 0-based index of the offending minibatch.
 *
 * <p>Writing is all-or-nothing: everything goes to a hidden temporary directory beside the target, renamed into
 * place at the end, and deleted on any failure. An existing target is refused unless it is an empty directory.
 * On object stores (s3a) the final rename is a copy and not atomic; readers should wait for the writer to finish.
 */
public final class ShardWriter {

    private static final Logger log = LoggerFactory.getLogger(ShardWriter.class);

    private final Configuration conf;
    private final int minibatchesPerShard;
    private final Map<String, String> metadata;

    /**
     * @param conf                Hadoop configuration (e.g. {@code JavaSparkContext.hadoopConfiguration()})
     * @param minibatchesPerShard minibatches in every shard but the last
     * @param metadata            free-form strings for the manifest (a vocabulary path, normalisation, ...)
     */
    public ShardWriter(Configuration conf, int minibatchesPerShard, Map<String, String> metadata) {
        this.conf = Objects.requireNonNull(conf, "conf");
        if (minibatchesPerShard < 1) {
            throw new IllegalArgumentException("minibatchesPerShard must be >= 1, got " + minibatchesPerShard);
        }
        this.minibatchesPerShard = minibatchesPerShard;
        this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    public ShardWriter(Configuration conf, int minibatchesPerShard) {
        this(conf, minibatchesPerShard, Map.of());
    }

    /**
     * Writes {@code minibatches} as shards into the directory {@code dirUri}, which must not exist or be empty.
     *
     * @return the manifest written
     * @throws IllegalArgumentException when there is no minibatch or one fails validation (nothing is left behind)
     * @throws FileAlreadyExistsException when the target exists and is not an empty directory
     */
    public ShardManifest write(Iterator<DataSet> minibatches, String dirUri) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(dirUri), conf);
        Path target = fs.makeQualified(new Path(dirUri));
        if (target.getParent() == null) {
            throw new IllegalArgumentException("cannot write shards into the root directory " + target);
        }
        refuseExisting(fs, target);
        if (!minibatches.hasNext()) {
            throw new IllegalArgumentException("no minibatches to write to " + target);
        }
        Path temp = new Path(target.getParent(), "." + target.getName() + ".writing-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(temp)) {
                throw new IOException("cannot create the temporary directory " + temp);
            }
            ShardManifest manifest = writeShards(fs, temp, minibatches);
            manifest.write(fs, temp);
            refuseExisting(fs, target);
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace the empty directory " + target);
            }
            if (!fs.rename(temp, target)) {
                throw new IOException("cannot rename " + temp + " to " + target);
            }
            log.info("wrote {} minibatches ({} examples) in {} shards to {}", manifest.minibatches(),
                    manifest.examples(), manifest.shards().size(), target);
            return manifest;
        } catch (IOException | RuntimeException | Error e) {
            try {
                fs.delete(temp, true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private ShardManifest writeShards(FileSystem fs, Path dir, Iterator<DataSet> minibatches) throws IOException {
        List<ShardManifest.Shard> shards = new ArrayList<>();
        MinibatchShape shape = null;
        int largest = 0;
        long examples = 0;
        long index = 0;
        ShardFileWriter shard = null;
        try {
            while (minibatches.hasNext()) {
                DataSet minibatch = minibatches.next();
                String problem = MinibatchShape.problem(minibatch);
                if (problem != null) {
                    throw new IllegalArgumentException("minibatch " + index + " " + problem);
                }
                MinibatchShape current = MinibatchShape.of(minibatch);
                if (shape == null) {
                    shape = current;
                } else if (current.mismatch(shape) != null) {
                    throw new IllegalArgumentException("minibatch " + index + " differs from minibatch 0: "
                            + current.mismatch(shape));
                }
                if (shard == null) {
                    shard = new ShardFileWriter(fs.create(new Path(dir, ShardFormat.shardFileName(shards.size())),
                            false));
                }
                shard.append(minibatch);
                largest = Math.max(largest, minibatch.numExamples());
                examples += minibatch.numExamples();
                index++;
                if (shard.records() == minibatchesPerShard) {
                    shards.add(finish(shard, shards.size()));
                    shard = null;
                }
            }
            if (shard != null) {
                shards.add(finish(shard, shards.size()));
                shard = null;
            }
        } finally {
            if (shard != null) {
                shard.close();
            }
        }
        return new ShardManifest(ShardFormat.MANIFEST_VERSION, largest, index, examples, shape, shards, metadata);
    }

    private static ShardManifest.Shard finish(ShardFileWriter shard, int number) throws IOException {
        shard.finish();
        return new ShardManifest.Shard(ShardFormat.shardFileName(number), shard.records(), shard.examples(),
                shard.sha256());
    }

    private static void refuseExisting(FileSystem fs, Path target) throws IOException {
        if (!fs.exists(target)) {
            return;
        }
        FileStatus status = fs.getFileStatus(target);
        if (!status.isDirectory() || fs.listStatus(target).length > 0) {
            throw new FileAlreadyExistsException("cannot write shards to " + target + ": it already exists and is "
                    + (status.isDirectory() ? "not empty" : "a file") + "; refusing to overwrite it");
        }
    }
}
