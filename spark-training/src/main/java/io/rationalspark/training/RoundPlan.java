package io.rationalspark.training;

/**
 * What one round does, as the schedule ({@link RoundSchedule}) decides it: every worker fits minibatches
 * [from, from + period) of its partition (fewer where the partition ends first), continuing DL4J's iteration counter
 * at {@code iteration}; a warm-up round is synchronous (k = 1) and takes the plain average, without the outer step.
 *
 * @param round     0-based index of the round over the whole training
 * @param epoch     0-based epoch the round belongs to
 * @param from      first minibatch of the round within each partition
 * @param period    k: minibatches each worker fits
 * @param iteration minibatches one worker had fitted before the round
 * @param warmUp    whether the round is part of the synchronous warm-up
 */
public record RoundPlan(long round, int epoch, long from, int period, long iteration, boolean warmUp) {
}
