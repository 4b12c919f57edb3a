package io.rationalspark.training.eval;

import io.rationalspark.training.TrainingData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Objects;

/**
 * Evaluates a DL4J network (MultiLayerNetwork, or ComputationGraph with one input and one output) on data held
 * by Spark executors.
 *
 * <p>One Spark job per call: the parameters and the blueprint go out in one broadcast, each task rebuilds the
 * network once for its partition and runs {@link LocalEvaluation}'s per-minibatch code on every minibatch, the
 * driver merges the partition results ({@link Evaluation#merge}, summed losses) and destroys the broadcast
 * whatever happened. Every result equals the single-process twin in {@link LocalEvaluation} on the same
 * minibatches: class counts exactly, losses up to the order of floating-point sums.
 *
 * <p>Sequence models are evaluated on whole sequences (DL4J's {@code net.evaluate} splits them into segments
 * only for truncated-BPTT networks; for a unidirectional network the outputs are the same up to rounding).
 */
public final class DistributedEvaluation {

    private DistributedEvaluation() {
    }

    /**
     * Classification statistics (accuracy, macro precision/recall/F1, confusion matrix) over every minibatch of
     * {@code data}. For sequence outputs every time step whose label mask is 1 is one row.
     *
     * @param numClasses classes the network predicts; must match the output layer's width and the labels
     * @throws IllegalArgumentException when numClasses disagrees with the network (naming both), or when there is
     *                                  nothing to evaluate (empty RDD, or every label masked)
     */
    public static Evaluation classification(JavaSparkContext sc, Model model, JavaRDD<DataSet> data,
                                            int numClasses) {
        return classification(sc, model, data, new PartitionReader.Whole(), numClasses);
    }

    /** As {@link #classification(JavaSparkContext, Model, JavaRDD, int)}, over all minibatches of {@code data}. */
    public static <T> Evaluation classification(JavaSparkContext sc, Model model, TrainingData<T> data,
                                                int numClasses) {
        JavaRDD<T> partitions = data.partitions();
        return classification(sc, model, partitions, allOf(data, partitions), numClasses);
    }

    /**
     * Loss without regularisation over every minibatch of {@code data}: mean per example, mean per token and,
     * for softmax + cross-entropy output layers, perplexity. See {@link LossSummary} for what a token is.
     *
     * @throws IllegalArgumentException when there is no example or no unmasked token, or a label mask is not 0/1
     */
    public static LossSummary loss(JavaSparkContext sc, Model model, JavaRDD<DataSet> data) {
        return loss(sc, model, data, new PartitionReader.Whole());
    }

    /** As {@link #loss(JavaSparkContext, Model, JavaRDD)}, over all minibatches of {@code data}. */
    public static <T> LossSummary loss(JavaSparkContext sc, Model model, TrainingData<T> data) {
        JavaRDD<T> partitions = data.partitions();
        return loss(sc, model, partitions, allOf(data, partitions));
    }

    private static <T> Evaluation classification(JavaSparkContext sc, Model model, JavaRDD<T> partitions,
                                                 PartitionReader<T> reader, int numClasses) {
        Objects.requireNonNull(partitions, "data");
        OutputHead.of(model).requireClasses(numClasses);
        Broadcast<NetworkSnapshot> network = sc.broadcast(NetworkSnapshot.of(model));
        try {
            Evaluation merged = partitions
                    .mapPartitionsWithIndex(new EvaluatePartition<>(network, reader, numClasses), false)
                    .fold(LocalEvaluation.newEvaluation(numClasses), new EvaluatePartition.Merge());
            return LocalEvaluation.requireRows(merged);
        } finally {
            network.destroy();
        }
    }

    private static <T> LossSummary loss(JavaSparkContext sc, Model model, JavaRDD<T> partitions,
                                        PartitionReader<T> reader) {
        Objects.requireNonNull(partitions, "data");
        OutputHead head = OutputHead.of(model);
        Broadcast<NetworkSnapshot> network = sc.broadcast(NetworkSnapshot.of(model));
        try {
            LossSums sums = partitions
                    .mapPartitionsWithIndex(new LossOfPartition<>(network, reader), false)
                    .fold(new LossSums(), new LossOfPartition.Merge());
            return sums.summary(head.crossEntropyOfSoftmax());
        } finally {
            network.destroy();
        }
    }

    private static <T> PartitionReader<T> allOf(TrainingData<T> data, JavaRDD<T> partitions) {
        long[] counts = data.minibatchesPerPartition();
        if (counts.length != partitions.getNumPartitions()) {
            throw new IllegalArgumentException("the training data declares minibatch counts for " + counts.length
                    + " partitions but has " + partitions.getNumPartitions());
        }
        return new PartitionReader.AllOf<>(data.access(), counts);
    }
}
