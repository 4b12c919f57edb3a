package io.rationalspark.training;

/**
 * Which minibatches each round fits. Within an epoch every worker walks its partition from position 0 in
 * steps of k minibatches (k = 1 during the synchronous warm-up); a round covers [position, position + k) of
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
            throw new IllegalArgumentException("training data is empty: no partition holds a minibatch");
        }
        this.longestPartition = longest;
    }

    /** The state after completing the round that {@code state} describes. */
    TrainerState advance(TrainerState state, RoundStats stats) {
        long position = state.position() + config.periodOfRound(state.nextRound());
        int epoch = state.epoch();
        if (position >= longestPartition) {
            position = 0;
            epoch++;
        }
        return state.after(stats, epoch, position);
    }

    /** Whether training is over at {@code state} (epochs or rounds done; the time budget is the trainer's). */
    boolean finished(TrainerState state) {
        return config.epochs() > 0 && state.epoch() >= config.epochs()
                || config.maxRounds() > 0 && state.nextRound() >= config.maxRounds();
    }

    /** Total rounds the run will take if only epochs and maxRounds stop it (for the ETA). */
    long totalRounds() {
        TrainerState s = TrainerState.start(0);
        long rounds = 0;
        long limit = config.maxRounds() > 0 ? config.maxRounds() : Long.MAX_VALUE;
        if (config.epochs() == 0) {
            return limit == Long.MAX_VALUE ? -1 : limit;
        }
        long position = 0;
        int epoch = 0;
        while (epoch < config.epochs() && rounds < limit) {
            position += config.periodOfRound(rounds);
            rounds++;
            if (position >= longestPartition) {
                position = 0;
                epoch++;
            }
        }
        return rounds;
    }
}
