package io.rationalspark.training;

import java.io.Serializable;
import java.util.List;

/**
 * Where training stands between two rounds; with the model (parameters and updater state) it is all a
 * resume needs. Positions are derived: in epoch {@code epoch}, every worker continues at minibatch
 * {@code position} of its partition.
 *
 * @param formatVersion version of this record's JSON form ({@link #FORMAT_VERSION})
 * @param nextRound     rounds completed so far (the 0-based index of the next round)
 * @param epoch         0-based epoch of the next round
 * @param position      first minibatch of the next round within each worker's partition
 * @param seed          the base seed the run was started with
 * @param history       statistics of every completed round
 */
public record TrainerState(int formatVersion, long nextRound, int epoch, long position, long seed,
                           List<RoundStats> history) implements Serializable {

    public static final int FORMAT_VERSION = 1;

    public static TrainerState start(long seed) {
        return new TrainerState(FORMAT_VERSION, 0, 0, 0, seed, List.of());
    }
}
