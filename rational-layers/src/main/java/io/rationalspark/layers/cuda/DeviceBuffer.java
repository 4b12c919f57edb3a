package io.rationalspark.layers.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * A block of device memory we allocated (cuMemAlloc), freed by {@link #close()}. Copies are synchronous.
 * Allocate with the owning device's context current ({@link CudaDevice#makeCurrent()}).
 */
public final class DeviceBuffer implements AutoCloseable {

    private final CUdeviceptr pointer = new CUdeviceptr();
    private final long bytes;
    private boolean closed;

    public DeviceBuffer(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("device buffer size must be >= 0, got " + bytes);
        }
        this.bytes = bytes;
        JCudaDriver.cuMemAlloc(pointer, Math.max(bytes, 1));
    }

    /** A buffer holding a copy of {@code values}. */
    public static DeviceBuffer of(float[] values) {
        DeviceBuffer b = new DeviceBuffer(4L * values.length);
        b.copyFrom(values);
        return b;
    }

    /** A buffer holding a copy of {@code values}. */
    public static DeviceBuffer of(double[] values) {
        DeviceBuffer b = new DeviceBuffer(8L * values.length);
        b.copyFrom(values);
        return b;
    }

    public CUdeviceptr pointer() {
        requireOpen();
        return pointer;
    }

    public long bytes() {
        return bytes;
    }

    public void copyFrom(float[] values) {
        copyFrom(Pointer.to(values), 4L * values.length);
    }

    public void copyFrom(double[] values) {
        copyFrom(Pointer.to(values), 8L * values.length);
    }

    public void copyTo(float[] values) {
        copyTo(Pointer.to(values), 4L * values.length);
    }

    public void copyTo(double[] values) {
        copyTo(Pointer.to(values), 8L * values.length);
    }

    private void copyFrom(Pointer host, long length) {
        requireFits(length);
        if (length > 0) {
            JCudaDriver.cuMemcpyHtoD(pointer, host, length);
        }
    }

    private void copyTo(Pointer host, long length) {
        requireFits(length);
        if (length > 0) {
            JCudaDriver.cuMemcpyDtoH(host, pointer, length);
        }
    }

    private void requireFits(long length) {
        requireOpen();
        if (length > bytes) {
            throw new IllegalArgumentException("copy of " + length + " bytes does not fit a device buffer of " + bytes
                    + " bytes");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("device buffer already freed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            JCudaDriver.cuMemFree(pointer);
        }
    }
}
