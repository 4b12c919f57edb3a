package io.rationalspark.jobs.train;

import io.rationalspark.training.RoundListener;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.TrainerState;
import io.rationalspark.training.TrainingData;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * After every epoch: evaluates the model on the test data (distributed), records the epoch's time, mean
 * training loss and test metric, and logs one progress line with an ETA for the remaining epochs.
 *
 * <p>The training loss is put in the test loss's unit: DL4J scores a sequence output summed over its time steps,
 * so for the language model (test loss per character) the per-example score is divided by the time steps.
 */
final class EpochEvaluation implements RoundListener {

    private static final Logger LOG = LoggerFactory.getLogger(EpochEvaluation.class);

    private final JavaSparkContext sc;
    private final TrainingData<?> test;
    private final TestMetric metric;
    private final int epochs;
    private final int timeStepsPerExample;
    private final List<TrainResult.EpochMetrics> history = new ArrayList<>();
    private long epochStart = System.nanoTime();
    private double lossSum;
    private long examples;

    /**
     * @param timeStepsPerExample what one example's training score is summed over: the sequence length for the
     *                            language model, 1 for classifiers
     */
    EpochEvaluation(JavaSparkContext sc, TrainingData<?> test, TestMetric metric, int epochs, int timeStepsPerExample) {
        if (timeStepsPerExample < 1) {
            throw new IllegalArgumentException("timeStepsPerExample must be >= 1, got " + timeStepsPerExample);
        }
        this.timeStepsPerExample = timeStepsPerExample;
        this.sc = sc;
        this.test = test;
        this.metric = metric;
        this.epochs = epochs;
    }

    @Override
    public void trainingStarted(Model model, TrainerState state, long totalRounds) {
        epochStart = System.nanoTime();
    }

    @Override
    public void roundEnded(Model model, TrainerState state, RoundStats stats) {
        lossSum += stats.meanLoss() * stats.examples();
        examples += stats.examples();
        if (state.epoch() > stats.epoch()) {
            epochEnded(model, stats.epoch(), state.nextRound());
        }
    }

    /**
     * Records epoch {@code epoch} (0-based) as finished now, after {@code rounds} averaging rounds in all (0 where the
     * engine does not report rounds).
     */
    void epochEnded(Model model, int epoch, long rounds) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        TestMetric.Value value = metric.evaluate(sc, model, test);
        double trainLoss = examples == 0 ? Double.NaN : lossSum / examples / timeStepsPerExample;
        history.add(new TrainResult.EpochMetrics(epoch + 1, seconds, value.metric(), value.loss(), trainLoss,
                rounds));
        double mean = history.stream().mapToDouble(TrainResult.EpochMetrics::seconds).average().orElse(seconds);
        long etaSeconds = Math.round(mean * Math.max(0, epochs - epoch - 1));
        LOG.info(String.format(Locale.ROOT, "epoch %d/%d: %.1f s, train loss %.4f, test %s %.4f, test loss %.4f, ETA %s",
                epoch + 1, epochs, seconds, trainLoss, metric, value.metric(), value.loss(),
                Duration.ofSeconds(etaSeconds).toString().substring(2).toLowerCase(Locale.ROOT)));
        lossSum = 0;
        examples = 0;
        epochStart = System.nanoTime();
    }

    List<TrainResult.EpochMetrics> history() {
        return history;
    }
}
