package io.rationalspark.layers.cuda;

/**
 * Grid and block sizes of the kernels, and how the kernels decomposed by set split each set's elements.
 *
 * <p>Elementwise kernels (ReLU, the forward for short runs) use grid-stride loops over {@code blocks} blocks of
 * {@link #THREADS} threads, at most {@link #BLOCKS_PER_MULTIPROCESSOR} per multiprocessor. The kernels decomposed by
 * set (rational forward and backward) give block b the set b / chunksPerSet and the set-local elements
 * [c·chunk, (c + 1)·chunk), c = b mod chunksPerSet; chunks are multiples of {@link #THREADS}, and the number of
 * blocks aims at the same occupancy target, with at least one block per set.
 */
public record LaunchGeometry(long blocks, int threads, long chunk, int chunksPerSet) {

    /** Threads per block: a multiple of the warp size, as the backward's block reduction requires. */
    public static final int THREADS = 256;
    /** Resident blocks aimed at per multiprocessor. */
    public static final int BLOCKS_PER_MULTIPROCESSOR = 8;
    /** CUDA's limit on gridDim.x. */
    static final long MAX_BLOCKS = Integer.MAX_VALUE;

    /** For a grid-stride elementwise kernel over {@code length} elements. */
    public static LaunchGeometry elementwise(long length, int multiprocessors) {
        requirePositive(multiprocessors);
        long needed = Math.max(1, ceilDiv(length, THREADS));
        long blocks = Math.min(needed, (long) multiprocessors * BLOCKS_PER_MULTIPROCESSOR);
        return new LaunchGeometry(blocks, THREADS, 0, 0);
    }

    /** Runs shorter than this many elements (a warp) make the set-decomposed forward's accesses uncoalesced. */
    public static final long MIN_COALESCED_RUN = 32;

    /** Whether the forward should use the set-decomposed kernel (else the elementwise one with per-element sets). */
    public static boolean forwardBySet(RunLayout layout) {
        return layout.sets() == 1 || layout.run() >= MIN_COALESCED_RUN;
    }

    /** For the kernels decomposed by set (rational forward and backward) on {@code layout}. */
    public static LaunchGeometry bySet(RunLayout layout, int multiprocessors) {
        requirePositive(multiprocessors);
        long perSet = Math.max(1, layout.perSet());
        long target = (long) multiprocessors * BLOCKS_PER_MULTIPROCESSOR;
        long chunks = Math.max(1, Math.min(ceilDiv(target, layout.sets()), ceilDiv(perSet, THREADS)));
        long chunk = ceilDiv(ceilDiv(perSet, chunks), THREADS) * THREADS;
        long chunksPerSet = ceilDiv(perSet, chunk);
        long blocks = layout.sets() * chunksPerSet;
        if (blocks > MAX_BLOCKS) {
            throw new IllegalArgumentException("the rational kernels would need " + blocks + " blocks (more than "
                    + MAX_BLOCKS + ") for " + layout);
        }
        return new LaunchGeometry(blocks, THREADS, chunk, (int) chunksPerSet);
    }

    private static void requirePositive(int multiprocessors) {
        if (multiprocessors < 1) {
            throw new IllegalArgumentException("multiprocessor count must be >= 1, got " + multiprocessors);
        }
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
