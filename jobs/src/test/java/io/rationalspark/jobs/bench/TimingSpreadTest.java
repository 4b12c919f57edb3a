package io.rationalspark.jobs.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The epoch-cost benchmark's summary of its repetitions. */
class TimingSpreadTest {

    @Test
    void anOddCountHasItsMiddleValueAsMedianWhateverTheOrder() {
        assertEquals(new TimingSpread(2.0, 1.0, 9.0), TimingSpread.of(9.0, 1.0, 2.0));
        assertEquals(new TimingSpread(4.5, 4.5, 4.5), TimingSpread.of(4.5));
    }

    @Test
    void anEvenCountHasTheMeanOfItsTwoMiddleValuesAsMedian() {
        assertEquals(new TimingSpread(2.5, 1.0, 10.0), TimingSpread.of(10.0, 3.0, 1.0, 2.0));
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3.0, 1.0, 2.0};
        TimingSpread.of(values);
        assertArrayEquals(new double[] {3.0, 1.0, 2.0}, values);
    }

    @Test
    void ratiosArePairedWithinARepetition() {
        assertArrayEquals(new double[] {1.5, 0.5, 2.0},
                TimingSpread.pairedRatios(new double[] {3.0, 1.0, 8.0}, new double[] {2.0, 2.0, 4.0}));
    }

    @Test
    void noValuesNaNOrMismatchedRepetitionsAreRejected() {
        assertThrows(IllegalArgumentException.class, TimingSpread::of);
        assertThrows(IllegalArgumentException.class, () -> TimingSpread.of(1.0, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> TimingSpread.pairedRatios(new double[] {1.0}, new double[] {1.0, 2.0}));
    }
}
