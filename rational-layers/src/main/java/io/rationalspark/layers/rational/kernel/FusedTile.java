package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.RationalCoefficients;

import org.bytedeco.javacpp.Pointer;

/**
 * What one thread of the {@link FusedCpuRationalKernel} works on: a tile of up to {@link FusedCpuRationalKernel#TILE}
 * elements of one coefficient set, copied in from ND4J's buffer, computed, and copied back. One instance per thread,
 * reused across calls, so a call allocates no tile.
 */
interface FusedTile {

    /**
     * Copies {@code len} elements starting at position {@code index} of {@code array} (a FloatPointer or DoublePointer
     * into ND4J's buffer; the call moves its position) to tile positions {@code [pos, pos + len)} of the input x, or of
     * the upstream gradient g when {@code upstream}.
     */
    void load(boolean upstream, Pointer array, long index, int pos, int len);

    /** Copies tile positions {@code [pos, pos + len)} of the output to the elements starting at {@code index}. */
    void store(Pointer array, long index, int pos, int len);

    /** out = R(x) on the first {@code len} elements, with coefficient set {@code set}. */
    void forward(RationalCoefficients c, int set, int len);

    /**
     * out = dL/dx on the first {@code len} elements; adds the tile's dL/da to {@code sums[0, m + 1)} and its dL/db
     * (before the abs-terms form's sign(b_j)) to {@code sums[m + 1, m + 1 + n)}.
     */
    void backward(RationalCoefficients c, int set, int len, double[] sums);
}
