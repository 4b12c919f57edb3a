package io.rationalspark.training.eval;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Single-process twins of {@link DistributedEvaluation}: the same computation over minibatches in this JVM.
 * Each Spark task runs exactly this code on its partition, so the distributed result is the merge of what these
 * methods return for each partition.
 */
public final class LocalEvaluation {

    private LocalEvaluation() {
    }

    /**
     * Classification statistics of {@code model} over {@code minibatches}, as DL4J's {@code net.evaluate(iterator)}
     * computes them for networks without truncated BPTT: outputs in inference mode, label masks honoured (one row per
     * unmasked time step for sequences).
     *
     * @throws IllegalArgumentException when {@code numClasses} disagrees with the network or the labels, or when
     *                                  there is nothing to evaluate
     */
    public static Evaluation classification(Model model, Iterator<DataSet> minibatches, int numClasses) {
        OutputHead.of(model).requireClasses(numClasses);
        return requireRows(accumulate(model, minibatches, numClasses));
    }

    /**
     * Loss of {@code model} over {@code minibatches} without regularisation; see {@link LossSummary} for what a
     * token is and when there is a perplexity.
     *
     * @throws IllegalArgumentException when there is no example or no unmasked token, or a label mask is not 0/1
     */
    public static LossSummary loss(Model model, Iterator<DataSet> minibatches) {
        OutputHead head = OutputHead.of(model);
        return accumulateLoss(model, minibatches).summary(head.crossEntropyOfSoftmax());
    }

    /** An empty evaluation over classes "0" … "numClasses − 1", top-1, as DL4J's evaluate creates it. */
    static Evaluation newEvaluation(int numClasses) {
        List<String> labels = new ArrayList<>(numClasses);
        for (int i = 0; i < numClasses; i++) {
            labels.add(String.valueOf(i));
        }
        return new Evaluation(labels, 1);
    }

    /** Evaluates every minibatch into a new evaluation (which may be empty). */
    static Evaluation accumulate(Model model, Iterator<DataSet> minibatches, int numClasses) {
        OutputHead head = OutputHead.of(model);
        Evaluation evaluation = newEvaluation(numClasses);
        while (minibatches.hasNext()) {
            evaluate(model, head, minibatches.next(), numClasses, evaluation);
        }
        return evaluation;
    }

    /** Sums the loss of every minibatch (the sums may be empty). */
    static LossSums accumulateLoss(Model model, Iterator<DataSet> minibatches) {
        OutputHead head = OutputHead.of(model);
        LossSums sums = new LossSums();
        while (minibatches.hasNext()) {
            DataSet minibatch = requireLabelled(minibatches.next());
            INDArray perExample = scoreExamples(model, minibatch);
            double loss = perExample.castTo(DataType.DOUBLE).sumNumber().doubleValue();
            INDArray labels = minibatch.getLabels();
            sums.add(minibatch.numExamples(), tokens(labels, minibatch.getLabelsMaskArray(), head.classAxis(labels)),
                    loss);
        }
        return sums;
    }

    static Evaluation requireRows(Evaluation evaluation) {
        if (evaluation.getNumRowCounter() == 0) {
            throw new IllegalArgumentException("no examples to evaluate: the data is empty or every label is masked");
        }
        return evaluation;
    }

    private static void evaluate(Model model, OutputHead head, DataSet minibatch, int numClasses,
                                 Evaluation evaluation) {
        requireLabelled(minibatch);
        INDArray labels = minibatch.getLabels();
        INDArray output = output(model, minibatch);
        head.requireClasses(numClasses, labels, output);
        if (head.classAxis(labels) == 2) {
            // DL4J's Evaluation reads sequence masks as NCW; bring NWC arrays to [batch, classes, time]
            labels = labels.permute(0, 2, 1);
            output = output.permute(0, 2, 1);
        }
        evaluation.eval(labels, output, minibatch.getLabelsMaskArray());
    }

    /**
     * Label positions the loss counts: examples for 2-d labels, (sequence, step) pairs for sequence labels, only
     * where the label mask is 1.
     */
    static long tokens(INDArray labels, INDArray mask, int classAxis) {
        long positions = labels.length() / labels.size(classAxis);
        if (mask == null) {
            return positions;
        }
        boolean perExample = labels.rank() == 2 && mask.length() == labels.size(0)
                && (mask.rank() == 1 || mask.isColumnVector());
        boolean perStep = labels.rank() == 3 && mask.rank() == 2 && mask.length() == positions;
        if (!perExample && !perStep) {
            throw new IllegalArgumentException("label mask of shape " + Arrays.toString(mask.shape())
                    + " for labels of shape " + Arrays.toString(labels.shape()) + ": tokens are defined for"
                    + " per-example masks [batch, 1] and per-step masks [batch, time] only");
        }
        long ones = mask.eq(1.0).castTo(DataType.INT64).sumNumber().longValue();
        long zeros = mask.eq(0.0).castTo(DataType.INT64).sumNumber().longValue();
        if (ones + zeros != mask.length()) {
            throw new IllegalArgumentException("label masks must hold only 0 and 1, but a mask of shape "
                    + Arrays.toString(mask.shape()) + " has " + (mask.length() - ones - zeros) + " other values");
        }
        return ones;
    }

    private static DataSet requireLabelled(DataSet minibatch) {
        if (minibatch.getFeatures() == null || minibatch.getLabels() == null) {
            throw new IllegalArgumentException("a minibatch without " + (minibatch.getFeatures() == null
                    ? "features" : "labels") + " cannot be evaluated");
        }
        return minibatch;
    }

    private static INDArray output(Model model, DataSet minibatch) {
        INDArray features = minibatch.getFeatures();
        INDArray featuresMask = minibatch.getFeaturesMaskArray();
        INDArray labelsMask = minibatch.getLabelsMaskArray();
        if (model instanceof MultiLayerNetwork net) {
            return net.output(features, false, featuresMask, labelsMask);
        }
        ComputationGraph graph = (ComputationGraph) model;
        return graph.output(false, new INDArray[]{features},
                featuresMask == null ? null : new INDArray[]{featuresMask},
                labelsMask == null ? null : new INDArray[]{labelsMask})[0];
    }

    private static INDArray scoreExamples(Model model, DataSet minibatch) {
        if (model instanceof MultiLayerNetwork net) {
            return net.scoreExamples(minibatch, false);
        }
        return ((ComputationGraph) model).scoreExamples(minibatch, false);
    }
}
