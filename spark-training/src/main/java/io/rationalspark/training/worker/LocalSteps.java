package io.rationalspark.training.worker;

import io.rationalspark.layers.rational.RationalCanonicalForm;
import io.rationalspark.layers.rational.RationalInspection;
import io.rationalspark.layers.rational.RationalLayerImpl;
import io.rationalspark.training.Networks;
import io.rationalspark.training.TrainingData;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One worker's part of a round, run on an executor for one partition: take the broadcast parameters and
 * updater state, fit minibatches [from, from + k) of the partition, align the signs of safe-form rational
 * coefficients with the broadcast ones ({@link RationalCanonicalForm#canonicalize(Model, RationalCanonicalForm.Reference)}:
 * b and −b are the same function, and every worker keeps the sign of the set it started from), and return the
 * weighted sums. A task that Spark gave a GPU runs on it ({@link GpuBinding}).
 */
public final class LocalSteps<T> implements Function2<Integer, Iterator<T>, Iterator<RoundAccumulator>> {

    private static final long serialVersionUID = 1L;

    private final String runId;
    private final Broadcast<Networks.Blueprint> blueprint;
    private final Broadcast<RoundBroadcast> round;
    private final TrainingData.PartitionAccess<T> access;
    private final long from;
    private final int period;
    private final long[] minibatchesPerPartition;
    private final boolean returnUpdaterState;
    private final double[] baseLearningRates;
    private final long seed;

    /**
     * @param from              first minibatch of the round in every partition
     * @param period            k: minibatches to fit, fewer where a partition ends first
     * @param baseLearningRates per-layer rates to multiply by the round's multiplier, or null for no scaling
     */
    public LocalSteps(String runId, Broadcast<Networks.Blueprint> blueprint, Broadcast<RoundBroadcast> round,
                      TrainingData.PartitionAccess<T> access, long from, int period, long[] minibatchesPerPartition,
                      boolean returnUpdaterState, double[] baseLearningRates, long seed) {
        this.runId = runId;
        this.blueprint = blueprint;
        this.round = round;
        this.access = access;
        this.from = from;
        this.period = period;
        this.minibatchesPerPartition = minibatchesPerPartition;
        this.returnUpdaterState = returnUpdaterState;
        this.baseLearningRates = baseLearningRates;
        this.seed = seed;
    }

    @Override
    public Iterator<RoundAccumulator> call(Integer partition, Iterator<T> elements) {
        GpuBinding.bindTaskGpu();
        long to = Math.min(from + period, minibatchesPerPartition[partition]);
        if (from >= to) {
            // this partition is exhausted for the epoch: it contributes nothing (weight 0) this round
            WorkerReport idle = new WorkerReport(partition, 0, 0, 0, 0, Collections.emptyMap());
            return Collections.singletonList(new RoundAccumulator().add(null, null, 0, idle)).iterator();
        }
        long fetchStart = System.nanoTime();
        RoundBroadcast state = round.value();
        Model net = WorkerNetworks.get(runId, partition, blueprint.value());
        double fetchMs = (System.nanoTime() - fetchStart) / 1e6;

        long start = System.nanoTime();
        net.setParams(state.parameters());
        RationalCanonicalForm.Reference roundStart = RationalCanonicalForm.Reference.of(net);
        Networks.setUpdaterState(net, state.updaterState());
        Networks.setCounters(net, state.iteration(), state.epoch());
        if (baseLearningRates != null) {
            Networks.scaleLearningRates(net, baseLearningRates, state.learningRateMultiplier());
        }
        Nd4j.getRandom().setSeed(seed * 1_000_003L + state.round() * 7919L + partition);

        long examples = 0;
        int minibatches = 0;
        double lossSum = 0;
        Iterator<DataSet> batches = access.minibatches(partition, elements, from, to);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            double loss = Networks.fit(net, batch);
            int n = batch.numExamples();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("worker " + partition + ": loss is " + loss + " at minibatch "
                        + (from + minibatches) + " of round " + state.round() + " (diverged or bad data)");
            }
            lossSum += loss * n;
            examples += n;
            minibatches++;
        }
        // safe-form rational coefficients have sign symmetries: align with the round's start to average like with like
        RationalCanonicalForm.canonicalize(net, roundStart);
        double computeMs = (System.nanoTime() - start) / 1e6;
        WorkerReport report = new WorkerReport(partition, examples, minibatches, computeMs, fetchMs,
                examples > 0 ? rationalCoefficients(net) : Collections.emptyMap());
        INDArray updater = returnUpdaterState ? Networks.updaterState(net) : null;
        return Collections.singletonList(new RoundAccumulator().add(net.params(), updater, lossSum, report)).iterator();
    }

    private static Map<String, double[]> rationalCoefficients(Model net) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, RationalLayerImpl> e : RationalInspection.rationalLayers(net).entrySet()) {
            out.put(e.getKey(), e.getValue().params().dup().data().asDouble());
        }
        return out;
    }
}
