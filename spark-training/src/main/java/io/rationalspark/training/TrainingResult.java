package io.rationalspark.training;

import java.util.List;

/**
 * What a training run did: the final state (rounds, epoch, running totals, the last rounds' statistics) and wall
 * time. The trained parameters are in the model passed to the trainer; the statistics of every round are in the
 * {@link StatsJsonLines} file, when one was written.
 *
 * @param resumedFromRound the round a resume started from, or -1 for a fresh run
 * @param stoppedBy        why training ended: "epochs", "maxRounds" or "timeBudget"
 */
public record TrainingResult(String engine, TrainerState state, long resumedFromRound, double wallSeconds,
                             String stoppedBy, List<Double> epochSeconds) {

    /** Statistics of the last rounds (at most {@link TrainerState#RECENT_ROUNDS}), oldest first. */
    public List<RoundStats> recentRounds() {
        return state.recentRounds();
    }

    /** Running totals over every round of the run, resumed rounds included. */
    public RoundTotals totals() {
        return state.totals();
    }
}
