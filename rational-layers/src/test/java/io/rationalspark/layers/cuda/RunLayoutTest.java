package io.rationalspark.layers.cuda;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RunLayout's set of an element equals the channel rule: channel (i / inner) mod C, set channel / (C / sets). */
class RunLayoutTest {

    @Test
    void setOfMatchesTheChannelRule() {
        Random random = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            long batch = 1 + random.nextInt(5);
            int channels = 1 + random.nextInt(12);
            long inner = 1 + random.nextInt(20);
            int[] divisors = java.util.stream.IntStream.rangeClosed(1, channels).filter(d -> channels % d == 0).toArray();
            int sets = divisors[random.nextInt(divisors.length)];
            RunLayout layout = RunLayout.of(batch, channels, inner, sets);
            assertEquals(batch * channels * inner, layout.length());
            for (long i = 0; i < layout.length(); i++) {
                long channel = (i / inner) % channels;
                assertEquals(channel / (channels / sets), layout.setOf(i), "element " + i + " of " + layout);
            }
        }
    }
}
