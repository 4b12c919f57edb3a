package io.rationalspark.training.eval;

import io.rationalspark.training.worker.GpuBinding;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Collections;
import java.util.Iterator;

/**
 * Spark task: rebuilds the broadcast network once for its partition and evaluates every minibatch of the
 * partition into one {@link Evaluation}. Empty partitions build nothing and return nothing.
 */
final class EvaluatePartition<T> implements Function2<Integer, Iterator<T>, Iterator<Evaluation>> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<NetworkSnapshot> network;
    private final PartitionReader<T> reader;
    private final int numClasses;

    EvaluatePartition(Broadcast<NetworkSnapshot> network, PartitionReader<T> reader, int numClasses) {
        this.network = network;
        this.reader = reader;
        this.numClasses = numClasses;
    }

    @Override
    public Iterator<Evaluation> call(Integer partition, Iterator<T> elements) {
        GpuBinding.bindTaskGpu();
        Iterator<DataSet> minibatches = reader.minibatches(partition, elements);
        if (!minibatches.hasNext()) {
            return Collections.emptyIterator();
        }
        Model model = null;
        try {
            model = network.value().rebuild();
            return Collections.singletonList(LocalEvaluation.accumulate(model, minibatches, numClasses)).iterator();
        } finally {
            NetworkSnapshot.release(model);
        }
    }

    /** Merges the second evaluation's counts into the first. */
    static final class Merge implements Function2<Evaluation, Evaluation, Evaluation> {
        private static final long serialVersionUID = 1L;

        @Override
        public Evaluation call(Evaluation into, Evaluation other) {
            into.merge(other);
            return into;
        }
    }
}
