package io.rationalspark.training;

import java.util.List;

/**
 * What a training run did: the final state (rounds, epoch, statistics history) and wall time. The trained
 * parameters are in the model passed to the trainer.
 *
 * @param resumedFromRound the round a resume started from, or -1 for a fresh run
 * @param stoppedBy        why training ended: "epochs", "maxRounds" or "timeBudget"
 */
public record TrainingResult(String engine, TrainerState state, long resumedFromRound, double wallSeconds,
                             String stoppedBy, List<Double> epochSeconds) {

    public List<RoundStats> rounds() {
        return state.history();
    }
}
