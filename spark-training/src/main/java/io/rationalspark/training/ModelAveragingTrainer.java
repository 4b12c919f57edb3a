package io.rationalspark.training;

import io.rationalspark.layers.rational.RationalCanonicalForm;
import io.rationalspark.training.checkpoint.Checkpoint;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.InsufficientDataException;
import io.rationalspark.training.worker.LocalSteps;
import io.rationalspark.training.worker.RoundAccumulator;
import io.rationalspark.training.worker.RoundBroadcast;
import io.rationalspark.training.worker.WorkerReport;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Trains a DL4J network by model averaging across Spark executors. Each round:
 * <ol>
 *   <li>broadcast the current parameters and updater state;</li>
 *   <li>every worker fits k minibatches of its partition, continuing where the last round stopped;</li>
 *   <li>one Spark job sums the workers' parameters (and updater states), weighted by the examples each fitted, in a
 *       tree of merges ({@code treeAggregate}, {@link AggregationPlan}): for large models the last merge runs on an
 *       executor too, so the driver receives one summed result whatever the number of workers;</li>
 *   <li>the driver divides by the examples and sets the result on the model;</li>
 *   <li>listeners see the round's statistics (progress, JSON lines, checkpoints);</li>
 *   <li>the broadcast is released.</li>
 * </ol>
 * The data stay in the executors (cached or streamed, see {@link TrainingData}); nothing but parameters and
 * updater state is broadcast per round. For models whose worker results together exceed 64 MiB the driver's work
 * per round is O(parameters): one broadcast, one summed result, one division; its memory does not grow with the
 * rounds ({@link TrainerState} keeps totals and the last rounds only).
 */
public final class ModelAveragingTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAveragingTrainer.class);

    private final AveragingConfig config;
    private final List<RoundListener> listeners;

    public ModelAveragingTrainer(AveragingConfig config, List<RoundListener> listeners) {
        this.config = Objects.requireNonNull(config, "config");
        this.listeners = List.copyOf(listeners);
    }

    public AveragingConfig config() {
        return config;
    }

    /** Trains {@code model} from scratch. */
    public <T> TrainingResult fit(JavaSparkContext sc, Model model, TrainingData<T> data) {
        return fit(sc, model, data, TrainerState.start(config.seed()));
    }

    /**
     * Trains {@code model} starting from {@code start} (a fresh state, or one restored with the model from a
     * checkpoint) until the epochs, rounds or time budget of the config are used up.
     */
    public <T> TrainingResult fit(JavaSparkContext sc, Model model, TrainingData<T> data, TrainerState start) {
        long[] counts = data.minibatchesPerPartition();
        if (counts.length != config.workers()) {
            throw new IllegalArgumentException("training data has " + counts.length + " partitions but trainer.workers = "
                    + config.workers());
        }
        RoundSchedule schedule = new RoundSchedule(config, counts);
        INDArray updaterState = Networks.updaterState(model);
        long workerResultBytes = (model.numParams() + (config.updaterPolicy() == UpdaterPolicy.AVERAGE
                && updaterState != null ? updaterState.length() : 0)) * model.params().dataType().width();
        AggregationPlan aggregation = AggregationPlan.of(config, workerResultBytes,
                sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g"));
        LOG.info("{} workers, k = {}{}, outer optimizer: {}, aggregation: {} (partitions: {} minibatches)",
                config.workers(), config.averagingPeriod(), config.periodDoublingEpochs() > 0 ? " doubling every "
                        + config.periodDoublingEpochs() + " epochs up to " + config.maxAveragingPeriod() : "",
                config.outer(), aggregation, Arrays.toString(counts));
        if (config.updaterPolicy() == UpdaterPolicy.RESET && Networks.hasLearningRateSchedule(model)) {
            throw new IllegalArgumentException("trainer.updaterPolicy = reset restarts the updater, and with it DL4J's"
                    + " iteration count (Adam's bias correction), every round; a learning-rate schedule keyed by the"
                    + " iteration would restart too. Use trainer.updaterPolicy = average with a schedule");
        }
        INDArray trained = config.outer() instanceof OuterOptimizer.None ? null : Networks.trainedByUpdater(model);
        RationalCanonicalForm.canonicalize(model);
        double[] baseRates = config.learningRateScaling() ? Networks.baseLearningRates(model) : null;
        String runId = UUID.randomUUID().toString();
        INDArray sample = firstMinibatch(data).getFeatures();
        Broadcast<Networks.Blueprint> blueprint = sc.broadcast(Networks.blueprint(model));
        long totalRounds = schedule.totalRounds();
        long startNanos = System.nanoTime();
        TrainerState state = withCheckedMomentum(start, model);
        List<Double> epochSeconds = new ArrayList<>();
        long epochStart = System.nanoTime();
        String stoppedBy = null;
        try {
            for (RoundListener l : listeners) {
                l.trainingStarted(model, state, totalRounds);
            }
            while (true) {
                if (schedule.finished(state)) {
                    stoppedBy = config.epochs() > 0 && state.epoch() >= config.epochs() ? "epochs" : "maxRounds";
                    break;
                }
                if (config.timeBudget() != null
                        && System.nanoTime() - startNanos >= config.timeBudget().toNanos()) {
                    stoppedBy = "timeBudget";
                    break;
                }
                RoundPlan plan = schedule.plan(state);
                sc.setJobGroup("rationalspark-" + runId, String.format("epoch %d, round %d/%s, k = %d", plan.epoch() + 1,
                        plan.round() + 1, totalRounds > 0 ? String.valueOf(totalRounds) : "?", plan.period()), false);
                Completed done = round(sc, model, data, plan, state.outerMomentum(), trained, blueprint, runId,
                        baseRates, sample, aggregation);
                RoundStats stats = done.stats();
                int epochBefore = state.epoch();
                state = schedule.advance(state, plan, stats, done.outerMomentum());
                if (state.epoch() != epochBefore) {
                    epochSeconds.add((System.nanoTime() - epochStart) / 1e9);
                    epochStart = System.nanoTime();
                }
                for (RoundListener l : listeners) {
                    l.roundEnded(model, state, stats);
                }
            }
            for (RoundListener l : listeners) {
                l.trainingEnded(model, state);
            }
        } finally {
            sc.clearJobGroup();
            blueprint.destroy();
            for (RoundListener l : listeners) {
                if (l instanceof AutoCloseable) {
                    closeQuietly((AutoCloseable) l);
                }
            }
        }
        return new TrainingResult("model-averaging", state, start.nextRound() == 0 ? -1 : start.nextRound(),
                (System.nanoTime() - startNanos) / 1e9, stoppedBy, List.copyOf(epochSeconds));
    }

    /**
     * Trains {@code model}, resuming from the newest valid checkpoint in {@code store} if there is one (its
     * parameters and updater state are copied into {@code model}, which must have the same architecture);
     * otherwise from scratch. Corrupt or partial checkpoints are skipped with a warning by the store.
     */
    public <T> TrainingResult fitResuming(JavaSparkContext sc, Model model, TrainingData<T> data,
                                          CheckpointStore store) throws IOException {
        Optional<Checkpoint> checkpoint = store.loadLatestValid();
        if (checkpoint.isEmpty()) {
            LOG.info("no valid checkpoint in {}: training from scratch", store.directory());
            return fit(sc, model, data);
        }
        Checkpoint c = checkpoint.get();
        if (c.model().numParams() != model.numParams() || c.model().getClass() != model.getClass()) {
            throw new IllegalArgumentException("checkpoint " + c.info().path() + " holds a " + c.model().getClass()
                    .getSimpleName() + " with " + c.model().numParams() + " parameters, but the network to train is a "
                    + model.getClass().getSimpleName() + " with " + model.numParams() + " parameters");
        }
        model.setParams(c.model().params());
        Networks.setUpdaterState(model, Networks.updaterState(c.model()));
        LOG.info("resuming from {} (round {}, epoch {})", c.info().path(), c.state().nextRound(), c.state().epoch() + 1);
        return fit(sc, model, data, c.state());
    }

    /** A round's statistics and the outer optimizer's momentum after it. */
    private record Completed(RoundStats stats, INDArray outerMomentum) {
    }

    private <T> Completed round(JavaSparkContext sc, Model model, TrainingData<T> data, RoundPlan plan,
                                INDArray outerMomentum, INDArray trained, Broadcast<Networks.Blueprint> blueprint,
                                String runId, double[] baseRates, INDArray sample, AggregationPlan aggregation) {
        long roundStart = System.nanoTime();
        boolean average = config.updaterPolicy() == UpdaterPolicy.AVERAGE;
        INDArray updater = Networks.updaterState(model);
        INDArray start = model.params().dup();
        // a reset updater restarts DL4J's iteration count too: Adam's bias correction then starts afresh, as it must
        // with zero moments (else the first step of each round is about 3x too large)
        long iteration = average ? plan.iteration() : 0;
        RoundBroadcast value = new RoundBroadcast(start, average && updater != null && updater.length() > 0
                ? updater.dup() : null, plan.round(), (int) Math.min(Integer.MAX_VALUE, iteration), plan.epoch(),
                config.learningRateMultiplier(plan.round()));
        Broadcast<RoundBroadcast> broadcast = sc.broadcast(value);
        double broadcastMs = (System.nanoTime() - roundStart) / 1e6;
        try {
            long jobStart = System.nanoTime();
            RoundAccumulator total = data.partitions()
                    .mapPartitionsWithIndex(new LocalSteps<>(runId, blueprint, broadcast, data.access(),
                            plan.from(), plan.period(), data.minibatchesPerPartition(), average, baseRates,
                            config.seed()), true)
                    .treeAggregate(new RoundAccumulator(), RoundAccumulator::merge, RoundAccumulator::merge,
                            aggregation.depth(), aggregation.lastMergeOnExecutor());
            double jobMs = (System.nanoTime() - jobStart) / 1e6;

            long driverStart = System.nanoTime();
            INDArray mean = total.meanParameters();
            INDArray momentum = outerMomentum;
            if (plan.warmUp() || trained == null) {
                model.setParams(mean);
            } else {
                OuterOptimizer.Step step = config.outer().step(start, mean, outerMomentum, trained);
                model.setParams(step.parameters());
                momentum = step.momentum();
            }
            Networks.setUpdaterState(model, average ? total.meanUpdaterState() : null);
            double[] compute = total.reports().stream().filter(r -> r.minibatches() > 0)
                    .mapToDouble(WorkerReport::computeMs).sorted().toArray();
            double slowest = compute.length == 0 ? 0 : compute[compute.length - 1];
            double median = compute.length == 0 ? 0 : compute[compute.length / 2];
            java.util.Map<String, Double> spread = RationalMonitor.coefficientSpread(total.reports());
            java.util.Map<String, Double> minQ = RationalMonitor.minDenominator(model, sample);
            double driverMs = (System.nanoTime() - driverStart) / 1e6;
            double roundMs = (System.nanoTime() - roundStart) / 1e6;
            return new Completed(new RoundStats(plan.round(), plan.epoch(), plan.period(), compute.length,
                    total.examples(), total.meanLoss(), broadcastMs, slowest, median, Math.max(0, jobMs - slowest),
                    driverMs, roundMs, total.examples() / (roundMs / 1e3), spread, minQ), momentum);
        } finally {
            broadcast.destroy();
        }
    }

    /** {@code start} with its outer momentum checked against the network and the configured optimizer. */
    private TrainerState withCheckedMomentum(TrainerState start, Model model) {
        INDArray momentum = start.outerMomentum();
        if (momentum != null && momentum.length() != model.numParams()) {
            throw new IllegalArgumentException("the outer optimizer's momentum has " + momentum.length()
                    + " entries but the network has " + model.numParams() + " parameters");
        }
        if (momentum != null && !config.outer().hasMomentum()) {
            LOG.warn("the state holds an outer momentum but trainer.outer = {}: it is dropped", config.outer().name());
            return start.withOuterMomentum(null);
        }
        if (momentum == null && config.outer().hasMomentum() && !config.isWarmUp(start.nextRound())
                && start.nextRound() > 0) {
            LOG.warn("resuming at round {} with trainer.outer = {} but no outer momentum in the state: it restarts from"
                    + " zero", start.nextRound(), config.outer());
        }
        return start;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing listener {} failed", c, e);
        }
    }

    /** The first minibatch of partition 0, for the pole monitor; also proves the data can be read. */
    private static <T> DataSet firstMinibatch(TrainingData<T> data) {
        TrainingData.PartitionAccess<T> access = data.access();
        List<DataSet> first = data.partitions().mapPartitionsWithIndex((Integer p, Iterator<T> it) -> {
            if (p != 0) {
                return Collections.<DataSet>emptyIterator();
            }
            Iterator<DataSet> batches = access.minibatches(p, it, 0, 1);
            return batches.hasNext() ? Collections.singletonList(batches.next()).iterator()
                    : Collections.<DataSet>emptyIterator();
        }, true).collect();
        if (first.isEmpty()) {
            throw new InsufficientDataException("training data is empty: partition 0 holds no minibatch (counts "
                    + Arrays.toString(data.minibatchesPerPartition()) + ")");
        }
        return first.get(0);
    }
}
