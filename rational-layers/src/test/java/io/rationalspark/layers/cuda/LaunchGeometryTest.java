package io.rationalspark.layers.cuda;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernels' launch geometry covers every element exactly once, with the block shapes the kernels assume. */
class LaunchGeometryTest {

    @Test
    void elementwiseIsCappedByTheOccupancyTarget() {
        LaunchGeometry small = LaunchGeometry.elementwise(1000, 132);
        assertEquals(4, small.blocks());
        assertEquals(LaunchGeometry.THREADS, small.threads());
        LaunchGeometry large = LaunchGeometry.elementwise(1L << 26, 132);
        assertEquals(132L * LaunchGeometry.BLOCKS_PER_MULTIPROCESSOR, large.blocks());
        assertEquals(1, LaunchGeometry.elementwise(0, 40).blocks());
    }

    @Test
    void backwardChunksCoverEachSetExactlyOnce() {
        Random random = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            long outer = 1 + random.nextInt(50);
            int sets = 1 + random.nextInt(70);
            long run = 1 + random.nextInt(trial % 2 == 0 ? 10 : 100_000);
            int multiprocessors = 1 + random.nextInt(150);
            RunLayout layout = new RunLayout(outer, run, sets);
            LaunchGeometry g = LaunchGeometry.bySet(layout, multiprocessors);
            long perSet = layout.perSet();
            assertEquals(0, g.chunk() % LaunchGeometry.THREADS, "chunk must be a multiple of the block size");
            assertEquals(0, LaunchGeometry.THREADS % 32, "block size must be a multiple of the warp size");
            assertTrue((long) g.chunksPerSet() * g.chunk() >= perSet, "chunks must cover the set: " + g + " " + layout);
            assertTrue((long) (g.chunksPerSet() - 1) * g.chunk() < perSet, "no empty chunk: " + g + " " + layout);
            assertEquals((long) sets * g.chunksPerSet(), g.blocks());
            assertTrue(g.blocks() >= sets, "at least one block per set");
        }
    }

    @Test
    void backwardSpreadsOneSetOverTheDevice() {
        LaunchGeometry g = LaunchGeometry.bySet(RunLayout.of(16384, 64, 64, 1), 132);
        long target = 132L * LaunchGeometry.BLOCKS_PER_MULTIPROCESSOR;
        assertTrue(g.blocks() <= target && g.blocks() >= target * 99 / 100, "about " + target + " blocks: " + g);
        assertEquals(g.blocks(), g.chunksPerSet());
    }

    @Test
    void shortRunsUseTheElementwiseForward() {
        assertTrue(LaunchGeometry.forwardBySet(RunLayout.of(64, 10, 1, 1)));
        assertTrue(LaunchGeometry.forwardBySet(RunLayout.of(64, 16, 49, 16)));
        assertTrue(!LaunchGeometry.forwardBySet(RunLayout.of(64, 10, 1, 10)));
        assertTrue(!LaunchGeometry.forwardBySet(RunLayout.of(64, 16, 16, 16)));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.elementwise(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new RunLayout(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RunLayout.of(2, 6, 4, 4));
    }
}
