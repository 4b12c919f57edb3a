package io.rationalspark.layers.cuda.check;

import io.rationalspark.layers.cuda.CoefficientPacking;
import io.rationalspark.layers.cuda.DeviceBuffer;
import io.rationalspark.layers.cuda.ElementType;
import io.rationalspark.layers.cuda.RationalCuda;
import io.rationalspark.layers.cuda.RunLayout;
import io.rationalspark.layers.rational.RationalCoefficients;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

import java.util.Random;

/**
 * Times the float kernels on one tensor with CUDA events: a device-to-device copy (cuMemcpyDtoD; reads and writes
 * 4 bytes per element), the rational forward (reads x, writes y: 8 bytes per element), the rational backward
 * (reads x and g, writes dL/dx: 12 bytes per element, plus the coefficient-gradient reduction) and our ReLU pair.
 * Bandwidth = bytes moved / time; each figure is the mean over {@code repeats} launches after warm-up.
 */
public final class KernelSpeed {

    /** One measurement: milliseconds per call and the resulting GB/s (1e9 bytes). */
    public record Timing(String what, double milliseconds, double bytesPerElement, long elements) {
        public double gigabytesPerSecond() {
            return bytesPerElement * elements / (milliseconds * 1e-3) / 1e9;
        }
    }

    /** The measurements of one run. */
    public record Report(Timing copy, Timing forward, Timing backward, Timing reluForward, Timing reluBackward) {
        /** Forward bandwidth / copy bandwidth (target >= 0.85). */
        public double forwardVsCopy() {
            return forward.gigabytesPerSecond() / copy.gigabytesPerSecond();
        }

        /** Backward bandwidth / copy bandwidth (target >= 0.70). */
        public double backwardVsCopy() {
            return backward.gigabytesPerSecond() / copy.gigabytesPerSecond();
        }

        /** (rational forward + backward time) / (ReLU forward + backward time) (target <= 1.2). */
        public double versusRelu() {
            return (forward.milliseconds + backward.milliseconds)
                    / (reluForward.milliseconds + reluBackward.milliseconds);
        }
    }

    private KernelSpeed() {
    }

    /** Measures on {@code layout.length()} floats. */
    public static Report measure(RationalCuda cuda, RationalCoefficients c, RunLayout layout, int repeats) {
        long n = layout.length();
        cuda.device().makeCurrent();
        float[] host = new float[Math.toIntExact(n)];
        Random random = new Random(1);
        for (int i = 0; i < host.length; i++) {
            host[i] = (float) (6 * random.nextDouble() - 3);
        }
        int coefficientCount = c.sets() * CoefficientPacking.stride(c);
        try (DeviceBuffer x = DeviceBuffer.of(host); DeviceBuffer g = DeviceBuffer.of(host);
             DeviceBuffer y = new DeviceBuffer(4 * n); DeviceBuffer dx = new DeviceBuffer(4 * n);
             DeviceBuffer sums = new DeviceBuffer(8L * coefficientCount)) {
            Timing copy = time("device-to-device copy", 8, n, repeats,
                    () -> JCudaDriver.cuMemcpyDtoD(y.pointer(), x.pointer(), 4 * n));
            Timing forward = time("rational forward", 8, n, repeats,
                    () -> cuda.forward(c, layout, ElementType.FLOAT, x.pointer(), y.pointer()));
            Timing backward = time("rational backward", 12, n, repeats, () -> {
                JCudaDriver.cuMemsetD8(sums.pointer(), (byte) 0, 8L * coefficientCount);
                cuda.backwardOnDevice(c, layout, ElementType.FLOAT, x.pointer(), g.pointer(), dx.pointer(),
                        sums.pointer());
            });
            Timing reluForward = time("ReLU forward", 8, n, repeats, () -> cuda.reluForward(x.pointer(), y.pointer(), n));
            Timing reluBackward = time("ReLU backward", 12, n, repeats,
                    () -> cuda.reluBackward(x.pointer(), g.pointer(), dx.pointer(), n));
            return new Report(copy, forward, backward, reluForward, reluBackward);
        }
    }

    private static Timing time(String what, double bytesPerElement, long n, int repeats, Runnable call) {
        CUevent start = new CUevent();
        CUevent stop = new CUevent();
        JCudaDriver.cuEventCreate(start, 0);
        JCudaDriver.cuEventCreate(stop, 0);
        try {
            for (int i = 0; i < 3; i++) {
                call.run();
            }
            JCudaDriver.cuCtxSynchronize();
            JCudaDriver.cuEventRecord(start, null);
            for (int i = 0; i < repeats; i++) {
                call.run();
            }
            JCudaDriver.cuEventRecord(stop, null);
            JCudaDriver.cuEventSynchronize(stop);
            float[] ms = new float[1];
            JCudaDriver.cuEventElapsedTime(ms, start, stop);
            return new Timing(what, ms[0] / repeats, bytesPerElement, n);
        } finally {
            JCudaDriver.cuEventDestroy(start);
            JCudaDriver.cuEventDestroy(stop);
        }
    }
}
