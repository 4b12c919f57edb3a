package io.rationalspark.training;

import io.rationalspark.training.data.InsufficientDataException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which minibatches each round fits. Within an epoch every worker walks its partition from position 0 in
 * steps of k minibatches (k = 1 during the synchronous warm-up; k may grow with the epochs, see
 * {@link AveragingConfig#period(long, int)}); a round covers [position, position + k) of
 * each partition (a shorter partition simply contributes fewer examples, which the example weighting
 * handles); the epoch ends when the longest partition is exhausted.
 */
final class RoundSchedule {

    private final AveragingConfig config;
    private final long longestPartition;

    RoundSchedule(AveragingConfig config, long[] minibatchesPerPartition) {
        this.config = config;
        long longest = 0;
        for (long n : minibatchesPerPartition) {
            longest = Math.max(longest, n);
        }
        if (longest == 0) {
            throw new InsufficientDataException("training data is empty: no partition holds a minibatch");
        }
        this.longestPartition = longest;
    }

    /** The next round of {@code state}. */
    RoundPlan plan(TrainerState state) {
        return new RoundPlan(state.nextRound(), state.epoch(), state.position(),
                config.period(state.nextRound(), state.epoch()), state.iteration(),
                config.isWarmUp(state.nextRound()));
    }

    /** The state after completing {@code plan}, which left the outer optimizer's momentum {@code outerMomentum}. */
    TrainerState advance(TrainerState state, RoundPlan plan, RoundStats stats, INDArray outerMomentum) {
        long position = plan.from() + plan.period();
        int epoch = plan.epoch();
        if (position >= longestPartition) {
            position = 0;
            epoch++;
        }
        return state.after(stats, epoch, position, outerMomentum);
    }

    /** Whether training is over at {@code state} (epochs or rounds done; the time budget is the trainer's). */
    boolean finished(TrainerState state) {
        return config.epochs() > 0 && state.epoch() >= config.epochs()
                || config.maxRounds() > 0 && state.nextRound() >= config.maxRounds();
    }

    /** Total rounds the run will take if only epochs and maxRounds stop it (for the ETA). */
    long totalRounds() {
        long rounds = 0;
        long limit = config.maxRounds() > 0 ? config.maxRounds() : Long.MAX_VALUE;
        if (config.epochs() == 0) {
            return limit == Long.MAX_VALUE ? -1 : limit;
        }
        long position = 0;
        int epoch = 0;
        while (epoch < config.epochs() && rounds < limit) {
            position += config.period(rounds, epoch);
            rounds++;
            if (position >= longestPartition) {
                position = 0;
                epoch++;
            }
        }
        return rounds;
    }
}
