package io.rationalspark.training;

import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;

/** One log line per round: epoch, round r/R, loss, throughput and an ETA from the mean round time so far. */
public final class ProgressLogger implements RoundListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);

    private long totalRounds;
    private long firstRound;
    private long startNanos;

    @Override
    public void trainingStarted(Model model, TrainerState state, long totalRounds) {
        this.totalRounds = totalRounds;
        this.firstRound = state.nextRound();
        this.startNanos = System.nanoTime();
        LOG.info("training starts at round {} (epoch {}), {} rounds in all", state.nextRound() + 1, state.epoch() + 1,
                totalRounds > 0 ? totalRounds : "an open number of");
    }

    @Override
    public void roundEnded(Model model, TrainerState state, RoundStats stats) {
        LOG.info(line(stats, state.nextRound(), System.nanoTime() - startNanos));
    }

    String line(RoundStats stats, long roundsDone, long elapsedNanos) {
        String eta = "?";
        long doneHere = roundsDone - firstRound;
        if (totalRounds > 0 && doneHere > 0) {
            long remaining = Math.max(0, totalRounds - roundsDone);
            eta = format(Duration.ofNanos(elapsedNanos / doneHere * remaining));
        }
        return String.format(Locale.ROOT, "epoch %d, round %d/%s: loss %.5f, %d examples, %.0f examples/s,"
                        + " slowest worker %.0f ms, ETA %s", stats.epoch() + 1, stats.round() + 1,
                totalRounds > 0 ? String.valueOf(totalRounds) : "?", stats.meanLoss(), stats.examples(),
                stats.examplesPerSecond(), stats.slowestWorkerMs(), eta);
    }

    private static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
