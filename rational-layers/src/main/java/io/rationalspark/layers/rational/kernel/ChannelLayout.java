package io.rationalspark.layers.rational.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the coefficient sets fall in an array's memory. For an array of shape [N, C, d2, ...] stored
 * densely in C order, element i belongs to channel (i / inner) % C with inner = d2·d3·…; stored densely
 * in F order (as DL4J's dense layers produce), inner = N. Either way memory is {@code outer} repetitions
 * of C channels, each a contiguous run of {@code inner} elements, and {@code C / sets} consecutive channels
 * share a coefficient set: a contiguous run of {@link #runLength()} elements.
 */
public record ChannelLayout(long outer, long channels, long inner, int sets) {

    public ChannelLayout {
        if (channels % sets != 0) {
            throw new IllegalArgumentException(sets + " coefficient sets do not divide the channel count " + channels);
        }
    }

    /** The layout of {@code x}, which must be dense in its own ordering (see {@link #isDense}). */
    public static ChannelLayout of(INDArray x, int sets) {
        long[] shape = x.shape();
        if (shape.length < 2) {
            throw new IllegalArgumentException("rational layer input must have rank >= 2 (channels on dimension 1),"
                    + " got shape " + java.util.Arrays.toString(shape));
        }
        long rest = 1;
        for (int d = 2; d < shape.length; d++) {
            rest *= shape[d];
        }
        return x.ordering() == 'c' ? new ChannelLayout(shape[0], shape[1], rest, sets)
                : new ChannelLayout(rest, shape[1], shape[0], sets);
    }

    /** Whether {@code x} occupies its buffer densely in its own ordering, as this layout assumes. */
    public static boolean isDense(INDArray x) {
        long[] shape = x.shape();
        long[] stride = x.stride();
        long expected = 1;
        if (x.ordering() == 'c') {
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] != 1 && stride[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        } else {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1 && stride[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
    }

    /**
     * Throws, naming {@code kernel} and both arrays, unless {@code other} matches {@code x} in shape, ordering and data
     * type (what kernels that walk both buffers in memory order need).
     */
    static void requireSameLayout(String kernel, INDArray x, INDArray other, String name) {
        if (!java.util.Arrays.equals(x.shape(), other.shape()) || x.ordering() != other.ordering()
                || x.dataType() != other.dataType()) {
            throw new IllegalArgumentException(kernel + ": " + name + " must match x in shape, ordering and type: x "
                    + java.util.Arrays.toString(x.shape()) + " '" + x.ordering() + "' " + x.dataType() + ", " + name
                    + " " + java.util.Arrays.toString(other.shape()) + " '" + other.ordering() + "' "
                    + other.dataType());
        }
    }

    /** Elements in one run of consecutive channels that share a set. */
    public long runLength() {
        return channels / sets * inner;
    }

    /** Number of runs: outer × sets. Run r covers set r % sets. */
    public long runs() {
        return outer * sets;
    }

    public long length() {
        return outer * channels * inner;
    }
}
