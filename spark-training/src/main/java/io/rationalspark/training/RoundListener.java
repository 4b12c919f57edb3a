package io.rationalspark.training;

import org.deeplearning4j.nn.api.Model;

/**
 * Called by the trainer on the driver around rounds: progress, statistics, checkpoints and guards are
 * listeners, not branches in the training loop. An exception thrown by a listener stops training.
 */
public interface RoundListener {

    /** Before the first round of this run (after a resume: before the first new round). */
    default void trainingStarted(Model model, TrainerState state, long totalRounds) {
    }

    /** After a round's averaged parameters are set on {@code model}; {@code state} is the state after it. */
    void roundEnded(Model model, TrainerState state, RoundStats stats);

    /** After the last round, also when training stops early (time budget). Not called on failure. */
    default void trainingEnded(Model model, TrainerState state) {
    }
}
