package io.rationalspark.training;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The trainer's state stays the same size however many rounds it has seen. */
class TrainerStateTest {

    static RoundStats round(long round, int period, long examples, double loss) {
        return new RoundStats(round, 0, period, 2, examples, loss, 1, 10, 9, 2, 0.5, 14, examples / 0.014,
                Map.of(), Map.of());
    }

    @Test
    void keepsTheLastRoundsAndRunningTotalsOfAll() {
        TrainerState state = TrainerState.start(7);
        long examples = 0;
        double lossSum = 0;
        long iteration = 0;
        for (int r = 0; r < 5000; r++) {
            int period = r < 3 ? 1 : 5;
            RoundStats stats = round(r, period, 10L * period, 1.0 / (r + 1));
            state = state.after(stats, r / 100, (r % 100) * 5L);
            examples += stats.examples();
            lossSum += stats.meanLoss() * stats.examples();
            iteration += period;
        }
        assertEquals(5000, state.nextRound());
        assertEquals(TrainerState.RECENT_ROUNDS, state.recentRounds().size());
        assertEquals(5000 - TrainerState.RECENT_ROUNDS, state.recentRounds().get(0).round());
        assertEquals(4999, state.recentRounds().get(TrainerState.RECENT_ROUNDS - 1).round());
        assertEquals(iteration, state.iteration());
        assertEquals(5000, state.totals().rounds());
        assertEquals(examples, state.totals().examples());
        assertEquals(lossSum / examples, state.totals().meanLoss(), 1e-12);
        assertEquals(14.0, state.totals().meanRoundMs(), 1e-9);
        assertEquals(7, state.seed());
    }

    @Test
    void aStateWithMoreThanTheRecentWindowIsRefused() {
        List<RoundStats> tooMany = java.util.stream.LongStream.range(0, TrainerState.RECENT_ROUNDS + 1)
                .mapToObj(r -> round(r, 1, 1, 1)).toList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TrainerState(
                TrainerState.FORMAT_VERSION, 65, 0, 0, 65, 0, RoundTotals.NONE, tooMany, null));
        assertEquals("a TrainerState keeps at most 64 recent rounds, got 65", e.getMessage());
    }
}
