package io.rationalspark.layers.cuda;

/**
 * Where the coefficient sets fall in a dense array, as the kernels see it: {@code outer} repetitions of {@code sets}
 * runs of {@code run} consecutive elements; run r belongs to set r mod sets, so element i has set (i / run) mod sets.
 *
 * <p>For a C-order [batch, C, inner...] tensor with C / sets consecutive channels per set (channel of element i:
 * (i / inner) mod C), {@link #of} gives run = (C / sets)·inner and outer = batch; this covers NCHW images, [batch,
 * size, time] sequences and [batch, size] matrices, for one set per layer, per channel or per group of channels.
 */
public record RunLayout(long outer, long run, int sets) {

    public RunLayout {
        if (outer < 0 || run < 1 || sets < 1) {
            throw new IllegalArgumentException("run layout needs outer >= 0, run >= 1, sets >= 1; got outer " + outer
                    + ", run " + run + ", sets " + sets);
        }
    }

    /**
     * The layout of a C-order [batch, channels, inner...] tensor with {@code sets} sets of consecutive channels.
     *
     * @param inner product of the dimensions after the channel dimension (1 for rank 2)
     */
    public static RunLayout of(long batch, long channels, long inner, int sets) {
        if (channels < 1 || inner < 1 || sets < 1 || channels % sets != 0) {
            throw new IllegalArgumentException(sets + " coefficient sets must divide the channel count " + channels
                    + " (channels >= 1, inner >= 1, got inner " + inner + ")");
        }
        return new RunLayout(batch, channels / sets * inner, sets);
    }

    /** Number of elements: outer·sets·run. */
    public long length() {
        return Math.multiplyExact(Math.multiplyExact(outer, run), sets);
    }

    /** Elements of one set: outer·run. */
    public long perSet() {
        return outer * run;
    }

    /** The set of element {@code i}. */
    public int setOf(long i) {
        return (int) ((i / run) % sets);
    }
}
