package io.rationalspark.layers.cuda;

import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.JCudaDriver;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rational activation R(x) = P(x) / Q(x) on one CUDA device, on device buffers or plain Java arrays (no ND4J).
 *
 * <p>P(x) = a0 + … + am x^m; Q = 1 + Σ bj x^j (plain), 1 + |Σ bj x^j| (safe-abs-polynomial) or 1 + Σ |bj||x|^j
 * (safe-abs-terms); degrees up to (10, 10). Forward writes y = R(x); backward writes dL/dx = g·R'(x) and sums
 * dL/dak = Σ g x^k / Q and dL/dbj = −Σ g P/Q² ∂Q/∂bj per coefficient set, in double, on the device (block
 * reductions, then one double atomicAdd per block and coefficient; summation order, hence the last bits, can vary
 * between runs). Which elements share a set is a {@link RunLayout}.
 *
 * <p>Kernels run on the legacy default stream of the device's primary context. The {@code CUdeviceptr} methods are
 * asynchronous except those that return gradients to the host; the array methods copy in, run and copy out. Every
 * method makes the device's context current on the calling thread. Instances are thread-safe (one launch at a time).
 */
public final class RationalCuda {

    private static final Map<Integer, RationalCuda> INSTANCES = new ConcurrentHashMap<>();

    private final CudaDevice device;
    private DeviceBuffer coefficientBuffer;
    private Object uploaded;
    private ElementType uploadedType;
    private DeviceBuffer gradientBuffer;

    private RationalCuda(CudaDevice device) {
        this.device = device.requireUsable();
    }

    /**
     * The instance for device {@code ordinal}.
     *
     * @throws CudaUnavailableException when there is no such device or our kernels cannot run on it
     */
    public static RationalCuda onDevice(int ordinal) {
        return INSTANCES.computeIfAbsent(ordinal, o -> new RationalCuda(CudaDevice.get(o)));
    }

    /** The instance for the calling thread's device ({@link CudaDevice#current()}). */
    public static RationalCuda current() {
        return onDevice(CudaDevice.current().ordinal());
    }

    public CudaDevice device() {
        return device;
    }

    /** y = R(x) on device buffers of {@code layout.length()} elements of {@code type}; asynchronous. */
    public synchronized void forward(RationalCoefficients c, RunLayout layout, ElementType type, CUdeviceptr x,
                                     CUdeviceptr y) {
        device.makeCurrent();
        long length = layout.length();
        if (length == 0) {
            return;
        }
        CUdeviceptr coefficients = uploadCoefficients(c, type);
        Pointer m = Pointer.to(new int[] {c.numeratorDegree()});
        Pointer n = Pointer.to(new int[] {c.denominatorDegree()});
        Pointer form = Pointer.to(new int[] {CoefficientPacking.formCode(c.form())});
        if (LaunchGeometry.forwardBySet(layout)) {
            LaunchGeometry g = LaunchGeometry.bySet(layout, device.multiprocessors());
            launch(RationalPtx.forward(type), g, Pointer.to(
                    Pointer.to(x), Pointer.to(y), Pointer.to(new long[] {layout.outer()}),
                    Pointer.to(new long[] {layout.run()}), Pointer.to(new int[] {layout.sets()}),
                    Pointer.to(new long[] {g.chunk()}), Pointer.to(new int[] {g.chunksPerSet()}),
                    Pointer.to(coefficients), m, n, form));
        } else {
            LaunchGeometry g = LaunchGeometry.elementwise(length, device.multiprocessors());
            launch(RationalPtx.forwardMixed(type), g, Pointer.to(
                    Pointer.to(x), Pointer.to(y), Pointer.to(new long[] {length}), Pointer.to(new long[] {layout.run()}),
                    Pointer.to(new int[] {layout.sets()}), Pointer.to(coefficients), m, n, form));
        }
    }

    /**
     * gradIn = dL/dx from gradOut = dL/dy, and the coefficient gradients added into {@code coefficientGradients}
     * (sets × (m + 1 + n) doubles, packed like {@link CoefficientPacking}; the caller zeroes it). Asynchronous: the
     * sums stay on the device.
     */
    public synchronized void backwardOnDevice(RationalCoefficients c, RunLayout layout, ElementType type,
                                              CUdeviceptr x, CUdeviceptr gradOut, CUdeviceptr gradIn,
                                              CUdeviceptr coefficientGradients) {
        device.makeCurrent();
        if (layout.length() == 0) {
            return;
        }
        CUdeviceptr coefficients = uploadCoefficients(c, type);
        LaunchGeometry g = LaunchGeometry.bySet(layout, device.multiprocessors());
        launch(RationalPtx.backward(type), g, Pointer.to(
                Pointer.to(x), Pointer.to(gradOut), Pointer.to(gradIn), Pointer.to(new long[] {layout.outer()}),
                Pointer.to(new long[] {layout.run()}), Pointer.to(new int[] {layout.sets()}),
                Pointer.to(new long[] {g.chunk()}), Pointer.to(new int[] {g.chunksPerSet()}),
                Pointer.to(coefficients), Pointer.to(new int[] {c.numeratorDegree()}),
                Pointer.to(new int[] {c.denominatorDegree()}),
                Pointer.to(new int[] {CoefficientPacking.formCode(c.form())}), Pointer.to(coefficientGradients)));
    }

    /** Backward on device buffers; waits for the kernel and returns the coefficient gradients. */
    public synchronized CoefficientGradients backward(RationalCoefficients c, RunLayout layout, ElementType type,
                                                      CUdeviceptr x, CUdeviceptr gradOut, CUdeviceptr gradIn) {
        device.makeCurrent();
        int count = c.sets() * CoefficientPacking.stride(c);
        DeviceBuffer sums = gradientScratch(count);
        JCudaDriver.cuMemsetD8(sums.pointer(), (byte) 0, 8L * count);
        backwardOnDevice(c, layout, type, x, gradOut, gradIn, sums.pointer());
        double[] packed = new double[count];
        sums.copyTo(packed); // synchronous on the legacy stream: waits for the kernel
        return CoefficientPacking.unpackGradients(packed, c.sets(), c.numeratorDegree(), c.denominatorDegree());
    }

    /** y = R(x) for host arrays of floats (copied to and from the device). */
    public void forward(RationalCoefficients c, RunLayout layout, float[] x, float[] y) {
        requireLength(layout, y.length, "y");
        forwardHost(c, layout, ElementType.FLOAT, host(x, layout, "x"), out -> out.copyTo(y));
    }

    /** y = R(x) for host arrays of doubles. */
    public void forward(RationalCoefficients c, RunLayout layout, double[] x, double[] y) {
        requireLength(layout, y.length, "y");
        forwardHost(c, layout, ElementType.DOUBLE, host(x, layout, "x"), out -> out.copyTo(y));
    }

    /** Backward for host arrays of floats: writes gradIn, returns the coefficient gradients. */
    public CoefficientGradients backward(RationalCoefficients c, RunLayout layout, float[] x, float[] gradOut,
                                         float[] gradIn) {
        requireLength(layout, gradIn.length, "gradIn");
        return backwardHost(c, layout, ElementType.FLOAT, host(x, layout, "x"), host(gradOut, layout, "gradOut"),
                out -> out.copyTo(gradIn));
    }

    /** Backward for host arrays of doubles. */
    public CoefficientGradients backward(RationalCoefficients c, RunLayout layout, double[] x, double[] gradOut,
                                         double[] gradIn) {
        requireLength(layout, gradIn.length, "gradIn");
        return backwardHost(c, layout, ElementType.DOUBLE, host(x, layout, "x"), host(gradOut, layout, "gradOut"),
                out -> out.copyTo(gradIn));
    }

    /** Uploads a host array to a new device buffer (checked against the layout first). */
    private static Supplier<DeviceBuffer> host(float[] values, RunLayout layout, String name) {
        requireLength(layout, values.length, name);
        return () -> DeviceBuffer.of(values);
    }

    private static Supplier<DeviceBuffer> host(double[] values, RunLayout layout, String name) {
        requireLength(layout, values.length, name);
        return () -> DeviceBuffer.of(values);
    }

    private synchronized void forwardHost(RationalCoefficients c, RunLayout layout, ElementType type,
                                          Supplier<DeviceBuffer> x, Consumer<DeviceBuffer> download) {
        device.makeCurrent();
        try (DeviceBuffer dx = x.get(); DeviceBuffer dy = new DeviceBuffer(layout.length() * type.bytes())) {
            forward(c, layout, type, dx.pointer(), dy.pointer());
            download.accept(dy);
        }
    }

    private synchronized CoefficientGradients backwardHost(RationalCoefficients c, RunLayout layout, ElementType type,
                                                           Supplier<DeviceBuffer> x, Supplier<DeviceBuffer> gradOut,
                                                           Consumer<DeviceBuffer> download) {
        device.makeCurrent();
        try (DeviceBuffer dx = x.get(); DeviceBuffer dg = gradOut.get();
             DeviceBuffer di = new DeviceBuffer(layout.length() * type.bytes())) {
            CoefficientGradients sums = backward(c, layout, type, dx.pointer(), dg.pointer(), di.pointer());
            download.accept(di);
            return sums;
        }
    }

    /** y = max(x, 0) on float device buffers (the speed baseline); asynchronous. */
    public synchronized void reluForward(CUdeviceptr x, CUdeviceptr y, long length) {
        device.makeCurrent();
        if (length > 0) {
            launch(RationalPtx.RELU_FORWARD, LaunchGeometry.elementwise(length, device.multiprocessors()),
                    Pointer.to(Pointer.to(x), Pointer.to(y), Pointer.to(new long[] {length})));
        }
    }

    /** gradIn = gradOut where x &gt; 0, else 0, on float device buffers; asynchronous. */
    public synchronized void reluBackward(CUdeviceptr x, CUdeviceptr gradOut, CUdeviceptr gradIn, long length) {
        device.makeCurrent();
        if (length > 0) {
            launch(RationalPtx.RELU_BACKWARD, LaunchGeometry.elementwise(length, device.multiprocessors()),
                    Pointer.to(Pointer.to(x), Pointer.to(gradOut), Pointer.to(gradIn), Pointer.to(new long[] {length})));
        }
    }

    /** Waits until all work on the device's context is done. */
    public void synchronize() {
        device.makeCurrent();
        JCudaDriver.cuCtxSynchronize();
    }

    private void launch(String entryPoint, LaunchGeometry g, Pointer parameters) {
        CUfunction f = device.function(entryPoint);
        JCudaDriver.cuLaunchKernel(f, (int) g.blocks(), 1, 1, g.threads(), 1, 1, 0, null, parameters, null);
    }

    /**
     * The packed coefficients on the device. Skips the upload when they equal the last upload (a host-blocking copy
     * per launch would otherwise stall back-to-back launches, as in the device check's timing loops).
     */
    private CUdeviceptr uploadCoefficients(RationalCoefficients c, ElementType type) {
        Object packed = type == ElementType.FLOAT ? CoefficientPacking.packFloat(c) : CoefficientPacking.packDouble(c);
        if (coefficientBuffer != null && type == uploadedType && Objects.deepEquals(packed, uploaded)) {
            return coefficientBuffer.pointer();
        }
        long bytes = (long) java.lang.reflect.Array.getLength(packed) * type.bytes();
        if (coefficientBuffer == null || coefficientBuffer.bytes() < bytes) {
            if (coefficientBuffer != null) {
                JCudaDriver.cuCtxSynchronize(); // a pending kernel may still read the old buffer
                coefficientBuffer.close();
            }
            coefficientBuffer = new DeviceBuffer(Math.max(bytes, 1024));
        }
        // a copy from pageable host memory first waits for earlier work on the legacy stream, so kernels still
        // reading the buffer finish before it is overwritten
        if (type == ElementType.FLOAT) {
            coefficientBuffer.copyFrom((float[]) packed);
        } else {
            coefficientBuffer.copyFrom((double[]) packed);
        }
        uploaded = packed;
        uploadedType = type;
        return coefficientBuffer.pointer();
    }

    private DeviceBuffer gradientScratch(int count) {
        long bytes = 8L * count;
        if (gradientBuffer == null || gradientBuffer.bytes() < bytes) {
            if (gradientBuffer != null) {
                gradientBuffer.close();
            }
            gradientBuffer = new DeviceBuffer(Math.max(bytes, 1024));
        }
        return gradientBuffer;
    }

    private static void requireLength(RunLayout layout, int length, String name) {
        if (length != layout.length()) {
            throw new IllegalArgumentException(name + " has " + length + " elements, the layout " + layout + " has "
                    + layout.length());
        }
    }
}
