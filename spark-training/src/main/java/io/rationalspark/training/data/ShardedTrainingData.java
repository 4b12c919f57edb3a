package io.rationalspark.training.data;

import io.rationalspark.training.TrainingData;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training data streamed from a shard directory on any Hadoop file system: nothing is cached, every worker reads
 * its minibatches from the files when it needs them, so data larger than the cluster's memory works.
 *
 * <p>{@link #open} reads only the manifest and plans {@code workers} partitions balanced by minibatch count: the
 * minibatches, in shard order, are cut into {@code workers} contiguous runs whose sizes differ by at most one (the
 * first {@code total % workers} runs get one more). A partition is the ordered list of {@link ShardSlice}s of its
 * run; a shard may be split between two partitions. The partitions RDD holds exactly those slices, partition
 * {@code p} holding run {@code p}, and is cheap to recompute, so it is not cached.
 *
 * <p>{@link #access()} reads minibatches [from, to) of a partition by seeking to {@code from}; records before it are
 * never read. Each minibatch read is checked: CRC, NaN or infinite values, shapes against the manifest. Errors name
 * the shard file and the record.
 */
public final class ShardedTrainingData implements TrainingData<ShardSlice> {

    private final transient JavaRDD<ShardSlice> partitions;
    private final String dir;
    private final ShardManifest manifest;
    private final List<List<ShardSlice>> plan;
    private final long[] sizes;
    private final ShardAccess access;

    private ShardedTrainingData(JavaRDD<ShardSlice> partitions, String dir, ShardManifest manifest,
                                List<List<ShardSlice>> plan, ShardAccess access) {
        this.partitions = partitions;
        this.dir = dir;
        this.manifest = manifest;
        this.plan = plan;
        this.access = access;
        this.sizes = new long[plan.size()];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = count(plan.get(p));
        }
    }

    /**
     * Reads the manifest of the shard directory {@code dirUri} and plans {@code workers} balanced partitions.
     *
     * @throws IllegalArgumentException when there are fewer minibatches than workers
     * @throws IOException              when the manifest is missing, of an unknown version or inconsistent
     */
    public static ShardedTrainingData open(JavaSparkContext sc, String dirUri, int workers) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        Configuration conf = sc.hadoopConfiguration();
        FileSystem fs = FileSystem.get(URI.create(dirUri), conf);
        Path dir = fs.makeQualified(new Path(dirUri));
        ShardManifest manifest = ShardManifest.read(fs, dir);
        List<List<ShardSlice>> plan = plan(manifest, dir.toString(), workers);
        JavaRDD<ShardSlice> partitions = sc.parallelize(new ArrayList<>(plan), workers)
                .flatMap(new Flatten())
                .setName("shard slices of " + dir);
        return new ShardedTrainingData(partitions, dir.toString(), manifest, plan,
                new ShardAccess(new HadoopConf(conf), manifest.minibatch()));
    }

    /**
     * Cuts the manifest's minibatches into {@code workers} contiguous runs of balanced size, each as slices of
     * shard files under {@code dir}.
     */
    static List<List<ShardSlice>> plan(ShardManifest manifest, String dir, int workers) {
        long total = manifest.minibatches();
        if (total < workers) {
            throw new InsufficientDataException(dir + " holds " + total + " minibatches, fewer than the " + workers
                    + " workers (each worker needs at least one)");
        }
        List<List<ShardSlice>> plan = new ArrayList<>(workers);
        List<ShardManifest.Shard> shards = manifest.shards();
        int shard = 0;
        int record = 0;
        for (int p = 0; p < workers; p++) {
            long need = total / workers + (p < total % workers ? 1 : 0);
            List<ShardSlice> slices = new ArrayList<>();
            while (need > 0) {
                ShardManifest.Shard current = shards.get(shard);
                int take = (int) Math.min(need, current.records() - record);
                slices.add(new ShardSlice(new Path(dir, current.file()).toString(), record, take, current.sha256()));
                need -= take;
                record += take;
                if (record == current.records()) {
                    shard++;
                    record = 0;
                }
            }
            plan.add(List.copyOf(slices));
        }
        return List.copyOf(plan);
    }

    @Override
    public JavaRDD<ShardSlice> partitions() {
        return partitions;
    }

    @Override
    public long[] minibatchesPerPartition() {
        return sizes.clone();
    }

    @Override
    public PartitionAccess<ShardSlice> access() {
        return access;
    }

    /** Every minibatch, streamed from the shard files by the executors ({@link TrainingData#minibatches()}). */
    @Override
    public JavaRDD<DataSet> minibatches() {
        return TrainingData.super.minibatches().setName("minibatches of " + dir);
    }

    /** Nothing is cached: nothing to release. */
    @Override
    public void release() {
    }

    /** The shard directory, fully qualified. */
    public String directory() {
        return dir;
    }

    public ShardManifest manifest() {
        return manifest;
    }

    /** The slices of each partition, as {@link #partitions()} holds them. */
    public List<List<ShardSlice>> plan() {
        return plan;
    }

    static long count(List<ShardSlice> slices) {
        long total = 0;
        for (ShardSlice slice : slices) {
            total += slice.recordCount();
        }
        return total;
    }

    /** One partition's slice list → its slices. */
    private static final class Flatten implements FlatMapFunction<List<ShardSlice>, ShardSlice> {
        @Override
        public Iterator<ShardSlice> call(List<ShardSlice> slices) {
            return slices.iterator();
        }
    }
}
