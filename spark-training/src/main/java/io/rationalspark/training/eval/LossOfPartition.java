package io.rationalspark.training.eval;

import io.rationalspark.training.worker.GpuBinding;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Collections;
import java.util.Iterator;

/**
 * Spark task: rebuilds the broadcast network once for its partition and sums the loss of every minibatch of
 * the partition into one {@link LossSums}. Empty partitions build nothing and return nothing.
 */
final class LossOfPartition<T> implements Function2<Integer, Iterator<T>, Iterator<LossSums>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkSnapshot> network;
    private final PartitionReader<T> reader;

    LossOfPartition(Broadcast<NetworkSnapshot> network, PartitionReader<T> reader) {
        this.network = network;
        this.reader = reader;
    }

    @Override
    public Iterator<LossSums> call(Integer partition, Iterator<T> elements) {
        GpuBinding.bindTaskGpu();
        Iterator<DataSet> minibatches = reader.minibatches(partition, elements);
        if (!minibatches.hasNext()) {
            return Collections.emptyIterator();
        }
        Model model = null;
        try {
            model = network.value().rebuild();
            return Collections.singletonList(LocalEvaluation.accumulateLoss(model, minibatches)).iterator();
        } finally {
            NetworkSnapshot.release(model);
        }
    }

    /** Adds the second partial sum into the first. */
    static final class Merge implements Function2<LossSums, LossSums, LossSums> {
        private static final long serialVersionUID = 1L;

        @Override
        public LossSums call(LossSums into, LossSums other) {
            return into.merge(other);
        }
    }
}
