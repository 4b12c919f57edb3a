package io.rationalspark.layers.rational.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Device addresses of ND4J arrays when ND4J's backend is CUDA ({@code -Pcuda}), found by reflection so the default
 * build needs no nd4j-cuda: {@code AtomicAllocator.getInstance().getPointer(DataBuffer, CudaContext)} (which brings
 * the device copy up to date) and {@code tickDeviceWrite(INDArray)} (which tells ND4J the device copy is newer).
 */
final class Nd4jCudaBuffers {

    private static final String ALLOCATOR = "org.nd4j.jita.allocator.impl.AtomicAllocator";

    private final Object allocator;
    private final Method getDeviceContext;
    private final Method getPointer;
    private final Method tickDeviceWrite;

    private Nd4jCudaBuffers() {
        try {
            Class<?> type = Class.forName(ALLOCATOR);
            allocator = type.getMethod("getInstance").invoke(null);
            getDeviceContext = type.getMethod("getDeviceContext");
            Method pointer = null;
            for (Method m : type.getMethods()) {
                if (m.getName().equals("getPointer") && m.getParameterCount() == 2
                        && m.getParameterTypes()[0] == org.nd4j.linalg.api.buffer.DataBuffer.class
                        && m.getParameterTypes()[1].getSimpleName().equals("CudaContext")) {
                    pointer = m;
                }
            }
            if (pointer == null) {
                throw new NoSuchMethodException(ALLOCATOR + ".getPointer(DataBuffer, CudaContext)");
            }
            getPointer = pointer;
            tickDeviceWrite = type.getMethod("tickDeviceWrite", INDArray.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("ND4J's CUDA backend is active but its allocator API is not as expected"
                    + " (nd4j-cuda 1.0.0-M2.1): " + e, e);
        }
    }

    private static final class Holder {
        static final Nd4jCudaBuffers INSTANCE = new Nd4jCudaBuffers();
    }

    static Nd4jCudaBuffers get() {
        return Holder.INSTANCE;
    }

    /** Whether ND4J runs on its CUDA backend (JCublasBackend). */
    static boolean isCudaBackend() {
        String backend = Nd4j.getBackend().getClass().getName().toLowerCase(Locale.ROOT);
        return backend.contains("jcublas") || backend.contains("cuda");
    }

    /**
     * Finishes ND4J's queued work so its buffers are final before our kernel (which runs on the legacy default
     * stream of the same primary context) reads or writes them.
     */
    void finishPendingWork() {
        Nd4j.getExecutioner().commit();
    }

    /** The device address of {@code array}'s first element; the array must have offset 0 in its buffer. */
    long deviceAddress(INDArray array) {
        if (array.offset() != 0) {
            throw new IllegalArgumentException("device address of a view with offset " + array.offset()
                    + " requested; copy it first");
        }
        try {
            Object context = getDeviceContext.invoke(allocator);
            Object pointer = getPointer.invoke(allocator, array.data(), context);
            return ((org.bytedeco.javacpp.Pointer) pointer).address();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot get the device address of an ND4J array: " + e, e);
        }
    }

    /** Tells ND4J that our kernel wrote {@code array} on the device. */
    void markWrittenOnDevice(INDArray array) {
        try {
            tickDeviceWrite.invoke(allocator, array);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot mark an ND4J array as written on the device: " + e, e);
        }
    }
}
