package io.rationalspark.layers.rational.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Bulk reads and writes of a dense FLOAT or DOUBLE array's elements as doubles, straight from ND4J's
 * off-heap buffer (no copy of the whole array). One instance per thread: it owns a scratch tile.
 */
abstract class ElementAccess {

    /** Reads {@code length} elements starting at element {@code index} (in memory order) into {@code dst}. */
    abstract void read(long index, double[] dst, int dstOffset, int length);

    /** Writes {@code length} values from {@code src} to the elements starting at {@code index}. */
    abstract void write(long index, double[] src, int srcOffset, int length);

    static ElementAccess of(INDArray array, int tile) {
        if (!ChannelLayout.isDense(array)) {
            throw new IllegalArgumentException("fused kernel needs a dense array, got shape "
                    + java.util.Arrays.toString(array.shape()) + " strides " + java.util.Arrays.toString(array.stride()));
        }
        if (array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fused kernel supports arrays of at most 2^31-1 elements, got "
                    + array.length());
        }
        DataType type = array.dataType();
        int offset = Math.toIntExact(array.offset());
        if (type == DataType.FLOAT) {
            return new Floats(array.data().asNioFloat(), offset, tile);
        }
        if (type == DataType.DOUBLE) {
            return new Doubles(array.data().asNioDouble(), offset);
        }
        throw new IllegalArgumentException("rational kernels support FLOAT and DOUBLE arrays, got " + type);
    }

    private static final class Floats extends ElementAccess {
        private final FloatBuffer buffer;
        private final int offset;
        private final float[] scratch;

        Floats(FloatBuffer buffer, int offset, int tile) {
            this.buffer = buffer;
            this.offset = offset;
            this.scratch = new float[tile];
        }

        @Override
        void read(long index, double[] dst, int dstOffset, int length) {
            buffer.get(offset + (int) index, scratch, 0, length);
            for (int i = 0; i < length; i++) {
                dst[dstOffset + i] = scratch[i];
            }
        }

        @Override
        void write(long index, double[] src, int srcOffset, int length) {
            for (int i = 0; i < length; i++) {
                scratch[i] = (float) src[srcOffset + i];
            }
            buffer.put(offset + (int) index, scratch, 0, length);
        }
    }

    private static final class Doubles extends ElementAccess {
        private final DoubleBuffer buffer;
        private final int offset;

        Doubles(DoubleBuffer buffer, int offset) {
            this.buffer = buffer;
            this.offset = offset;
        }

        @Override
        void read(long index, double[] dst, int dstOffset, int length) {
            buffer.get(offset + (int) index, dst, dstOffset, length);
        }

        @Override
        void write(long index, double[] src, int srcOffset, int length) {
            buffer.put(offset + (int) index, src, srcOffset, length);
        }
    }
}
