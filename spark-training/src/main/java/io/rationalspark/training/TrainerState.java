package io.rationalspark.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where training stands between two rounds; with the model (parameters and updater state) it is all a
 * resume needs. Positions are derived: in epoch {@code epoch}, every worker continues at minibatch
 * {@code position} of its partition.
 *
 * <p>Its size does not grow with the rounds: it keeps running totals of every round and the statistics of the last
 * {@value #RECENT_ROUNDS} only (the full record of every round is the {@code rounds.jsonl} that
 * {@link StatsJsonLines} writes), so advancing it and checkpointing it cost the same at round 10 and round 100,000.
 *
 * @param formatVersion version of this record's JSON form ({@link #FORMAT_VERSION})
 * @param nextRound     rounds completed so far (the 0-based index of the next round)
 * @param epoch         0-based epoch of the next round
 * @param position      first minibatch of the next round within each worker's partition
 * @param iteration     minibatches one worker has fitted so far (the sum of every round's k): DL4J's iteration
 *                      counter at the start of the next round
 * @param seed          the base seed the run was started with
 * @param totals        running totals over every completed round
 * @param recentRounds  statistics of the last completed rounds, oldest first, at most {@value #RECENT_ROUNDS}
 * @param outerMomentum the outer optimizer's momentum buffer ({@link OuterOptimizer}), shaped like the parameters, or
 *                      null when there is none (plain averaging, or no outer step yet). Not part of the JSON form:
 *                      {@code CheckpointStore} writes it as a binary file beside {@code state.json}
 */
public record TrainerState(int formatVersion, long nextRound, int epoch, long position, long iteration, long seed,
                           RoundTotals totals, List<RoundStats> recentRounds,
                           @JsonIgnore INDArray outerMomentum) implements Serializable {

    public static final int FORMAT_VERSION = 2;

    /** How many rounds' statistics the state keeps. */
    public static final int RECENT_ROUNDS = 64;

    public TrainerState {
        Objects.requireNonNull(totals, "totals");
        recentRounds = List.copyOf(recentRounds);
        if (recentRounds.size() > RECENT_ROUNDS) {
            throw new IllegalArgumentException("a TrainerState keeps at most " + RECENT_ROUNDS + " recent rounds, got "
                    + recentRounds.size());
        }
    }

    /** The JSON form: every component but the outer momentum. */
    @JsonCreator
    static TrainerState fromJson(@JsonProperty("formatVersion") int formatVersion,
                                 @JsonProperty("nextRound") long nextRound, @JsonProperty("epoch") int epoch,
                                 @JsonProperty("position") long position, @JsonProperty("iteration") long iteration,
                                 @JsonProperty("seed") long seed, @JsonProperty("totals") RoundTotals totals,
                                 @JsonProperty("recentRounds") List<RoundStats> recentRounds) {
        return new TrainerState(formatVersion, nextRound, epoch, position, iteration, seed, totals, recentRounds, null);
    }

    public static TrainerState start(long seed) {
        return new TrainerState(FORMAT_VERSION, 0, 0, 0, 0, seed, RoundTotals.NONE, List.of(), null);
    }

    /** This state with the outer optimizer's momentum {@code momentum} (null: none). */
    public TrainerState withOuterMomentum(INDArray momentum) {
        return new TrainerState(formatVersion, nextRound, epoch, position, iteration, seed, totals, recentRounds,
                momentum);
    }

    /** The state after the round {@code stats} describes, keeping this state's outer momentum. */
    public TrainerState after(RoundStats stats, int nextEpoch, long nextPosition) {
        return after(stats, nextEpoch, nextPosition, outerMomentum);
    }

    /**
     * The state after the round {@code stats} describes, which ran from this state's position and leaves the next
     * round at {@code nextPosition} of epoch {@code nextEpoch} with the outer momentum {@code nextOuterMomentum}.
     */
    public TrainerState after(RoundStats stats, int nextEpoch, long nextPosition, INDArray nextOuterMomentum) {
        int drop = recentRounds.size() == RECENT_ROUNDS ? 1 : 0;
        List<RoundStats> recent = new ArrayList<>(recentRounds.subList(drop, recentRounds.size()));
        recent.add(stats);
        return new TrainerState(formatVersion, nextRound + 1, nextEpoch, nextPosition, iteration + stats.period(), seed,
                totals.plus(stats), recent, nextOuterMomentum);
    }
}
