package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.cuda.CudaDevice;
import io.rationalspark.layers.cuda.ElementType;
import io.rationalspark.layers.cuda.RationalCuda;
import io.rationalspark.layers.cuda.RunLayout;
import io.rationalspark.layers.rational.RationalCoefficients;
import jcuda.driver.CUdeviceptr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The rational activation on a CUDA GPU for ND4J arrays: an adapter from {@link RationalKernel} to
 * {@link RationalCuda} on the calling thread's device ({@link CudaDevice#current()}).
 *
 * <p>With ND4J's CUDA backend ({@code -Pcuda}) it works on ND4J's device buffers in place: it finishes ND4J's queued
 * work, runs our kernel on the primary context ND4J also uses, waits for it, and marks the written arrays as updated
 * on the device. With ND4J's CPU backend and a GPU present it copies the arrays to the device and back (useful to
 * check the kernel; slower than the fused CPU kernel for small arrays). Arrays that are not dense in their ordering,
 * or are neither FLOAT nor DOUBLE, go to the ND4J-op reference kernel.
 */
public final class CudaRationalKernel implements RationalKernel {

    private static final RationalKernel FALLBACK = new ReferenceRationalKernel();

    @Override
    public String name() {
        return "cuda";
    }

    /**
     * Opens the calling thread's device now, so a missing driver or GPU, or a GPU that cannot run our kernels, fails
     * here with a message naming it.
     *
     * @throws io.rationalspark.layers.cuda.CudaUnavailableException when there is no driver or no device, or our
     *                                                                kernels cannot run on it
     */
    public CudaRationalKernel requireDevice() {
        RationalCuda.current();
        return this;
    }

    @Override
    public void forward(RationalCoefficients c, INDArray x, INDArray y) {
        ChannelLayout.requireSameLayout("cuda kernel", x, y, "y");
        if (!supported(x) || !supported(y)) {
            FALLBACK.forward(c, x, y);
            return;
        }
        RationalCuda cuda = RationalCuda.current();
        RunLayout layout = layoutOf(x, c.sets());
        if (Nd4jCudaBuffers.isCudaBackend()) {
            Nd4jCudaBuffers nd4j = Nd4jCudaBuffers.get();
            INDArray in = atOffsetZero(x);
            INDArray out = y.offset() == 0 ? y : y.ulike();
            nd4j.finishPendingWork();
            cuda.forward(c, layout, type(x), pointer(nd4j.deviceAddress(in)), pointer(nd4j.deviceAddress(out)));
            cuda.synchronize();
            nd4j.markWrittenOnDevice(out);
            if (out != y) {
                y.assign(out);
            }
            return;
        }
        if (x.dataType() == DataType.FLOAT) {
            float[] out = new float[(int) x.length()];
            cuda.forward(c, layout, readFloats(x), out);
            writeFloats(y, out);
        } else {
            double[] out = new double[(int) x.length()];
            cuda.forward(c, layout, readDoubles(x), out);
            writeDoubles(y, out);
        }
    }

    @Override
    public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
        ChannelLayout.requireSameLayout("cuda kernel", x, gradOut, "gradOut");
        ChannelLayout.requireSameLayout("cuda kernel", x, gradIn, "gradIn");
        if (!supported(x) || !supported(gradOut) || !supported(gradIn)) {
            return FALLBACK.backward(c, x, gradOut, gradIn);
        }
        RationalCuda cuda = RationalCuda.current();
        RunLayout layout = layoutOf(x, c.sets());
        if (Nd4jCudaBuffers.isCudaBackend()) {
            Nd4jCudaBuffers nd4j = Nd4jCudaBuffers.get();
            INDArray in = atOffsetZero(x);
            INDArray upstream = atOffsetZero(gradOut);
            INDArray out = gradIn.offset() == 0 ? gradIn : gradIn.ulike();
            nd4j.finishPendingWork();
            CoefficientGradients sums = cuda.backward(c, layout, type(x), pointer(nd4j.deviceAddress(in)),
                    pointer(nd4j.deviceAddress(upstream)), pointer(nd4j.deviceAddress(out)));
            cuda.synchronize();
            nd4j.markWrittenOnDevice(out);
            if (out != gradIn) {
                gradIn.assign(out);
            }
            return sums;
        }
        if (x.dataType() == DataType.FLOAT) {
            float[] out = new float[(int) x.length()];
            CoefficientGradients sums = cuda.backward(c, layout, readFloats(x), readFloats(gradOut), out);
            writeFloats(gradIn, out);
            return sums;
        }
        double[] out = new double[(int) x.length()];
        CoefficientGradients sums = cuda.backward(c, layout, readDoubles(x), readDoubles(gradOut), out);
        writeDoubles(gradIn, out);
        return sums;
    }

    /** The kernels' view of x: C order → (batch, run), F order → (rest, run over the batch), as {@link ChannelLayout}. */
    static RunLayout layoutOf(INDArray x, int sets) {
        ChannelLayout layout = ChannelLayout.of(x, sets);
        return new RunLayout(layout.outer(), layout.runLength(), sets);
    }

    private static boolean supported(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && ChannelLayout.isDense(a)
                && a.length() <= Integer.MAX_VALUE - 8;
    }

    private static ElementType type(INDArray a) {
        return a.dataType() == DataType.FLOAT ? ElementType.FLOAT : ElementType.DOUBLE;
    }

    private static INDArray atOffsetZero(INDArray a) {
        return a.offset() == 0 ? a : a.dup(a.ordering());
    }

    private static CUdeviceptr pointer(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    private static float[] readFloats(INDArray a) {
        float[] values = new float[(int) a.length()];
        FloatBuffer buffer = a.data().asNioFloat();
        buffer.get((int) a.offset(), values);
        return values;
    }

    private static double[] readDoubles(INDArray a) {
        double[] values = new double[(int) a.length()];
        DoubleBuffer buffer = a.data().asNioDouble();
        buffer.get((int) a.offset(), values);
        return values;
    }

    private static void writeFloats(INDArray a, float[] values) {
        a.data().asNioFloat().put((int) a.offset(), values);
    }

    private static void writeDoubles(INDArray a, double[] values) {
        a.data().asNioDouble().put((int) a.offset(), values);
    }
}
