package io.rationalspark.training.data;

import io.rationalspark.training.TrainingData;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.dataset.DataSet;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * How an executor reads minibatches [from, to) of a {@link ShardedTrainingData} partition: it skips whole slices
 * by their record counts, seeks into the slice holding {@code from}, and streams from there, one open shard file at
 * a time. Every minibatch is checked (values finite, shapes as in the manifest); errors name file and record.
 * Inside a Spark task the open file is also closed when the task completes, even if the iterator is not drained.
 */
final class ShardAccess implements TrainingData.PartitionAccess<ShardSlice> {

    private final HadoopConf conf;
    private final MinibatchShape expected;

    ShardAccess(HadoopConf conf, MinibatchShape expected) {
        this.conf = conf;
        this.expected = expected;
    }

    @Override
    public Iterator<DataSet> minibatches(int partition, Iterator<ShardSlice> elements, long from, long to) {
        List<ShardSlice> slices = new ArrayList<>();
        elements.forEachRemaining(slices::add);
        long total = ShardedTrainingData.count(slices);
        if (from < 0 || to < from || to > total) {
            throw new IllegalArgumentException("partition " + partition + " has " + total
                    + " minibatches; cannot read [" + from + ", " + to + ")");
        }
        SliceIterator iterator = new SliceIterator(slices, from, to - from);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> iterator.close());
        }
        return iterator;
    }

    /** Streams records across slices, holding at most one shard file open. */
    private final class SliceIterator implements Iterator<DataSet>, Closeable {
        private final List<ShardSlice> slices;
        private int slice;
        private int position;
        private long remaining;
        private ShardReader reader;

        SliceIterator(List<ShardSlice> slices, long from, long count) {
            this.slices = slices;
            this.remaining = count;
            long skip = from;
            while (slice < slices.size() && skip >= slices.get(slice).recordCount()) {
                skip -= slices.get(slice).recordCount();
                slice++;
            }
            this.position = (int) skip;
        }

        @Override
        public boolean hasNext() {
            return remaining > 0;
        }

        @Override
        public DataSet next() {
            if (remaining <= 0) {
                throw new NoSuchElementException();
            }
            ShardSlice current = slices.get(slice);
            int record = current.firstRecord() + position;
            try {
                if (reader == null) {
                    reader = open(current);
                }
                DataSet minibatch = reader.read(record);
                check(minibatch, reader.file(), record);
                position++;
                remaining--;
                if (position == current.recordCount() || remaining == 0) {
                    close();
                    slice++;
                    position = 0;
                }
                return minibatch;
            } catch (IOException e) {
                closeAfter(e);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                closeAfter(e);
                throw e;
            }
        }

        private void closeAfter(Exception failure) {
            try {
                close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }

        private ShardReader open(ShardSlice current) throws IOException {
            Path path = new Path(current.path());
            FileSystem fs = FileSystem.get(URI.create(current.path()), conf.get());
            if (current.sha256() != null) {
                ShardDigests.verify(fs, path, current.sha256());
            }
            ShardReader opened = ShardReader.open(fs, path);
            int end = current.firstRecord() + current.recordCount();
            if (end > opened.recordCount()) {
                opened.close();
                throw new CorruptShardException(opened.file() + ": holds " + opened.recordCount()
                        + " records, the manifest promised at least " + end);
            }
            return opened;
        }

        private void check(DataSet minibatch, String file, int record) {
            String problem = MinibatchShape.problem(minibatch);
            if (problem == null) {
                problem = MinibatchShape.of(minibatch).mismatch(expected);
                problem = problem == null ? null : "does not match the manifest: " + problem;
            }
            if (problem != null) {
                // bad data, not a bug: a CorruptShardException, which job mains report as the input's error
                throw new UncheckedIOException(new CorruptShardException("shard file " + file + ", record " + record
                        + ": the minibatch " + problem));
            }
        }

        @Override
        public void close() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    reader = null;
                }
            }
        }
    }
}
