package io.rationalspark.layers.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One CUDA device as our kernels use it: its primary context (the one the CUDA runtime, and so ND4J's CUDA backend,
 * also uses), our PTX module loaded into it once, and the kernel functions. One instance per device ordinal per JVM.
 *
 * <p>Opening a device checks it before loading the module ({@link CudaSupport}): a GPU below compute capability
 * {@value RationalPtx#TARGET}, or one whose driver rejects the PTX, opens but is not {@link #support() usable}, and
 * {@link RationalCuda} refuses it with the reason.
 *
 * <p>Which device a thread uses: {@link #bindCurrentThread(int)} (e.g. the GPU Spark assigned to a task), else the
 * JVM default {@link #defaultOrdinal()} (system property {@value #DEVICE_PROPERTY}, default 0).
 *
 * <p>Opening fails with a {@link CudaUnavailableException} naming the problem: no driver library
 * ({@code libcuda.so.1}), no device, or no device with that ordinal.
 */
public final class CudaDevice {

    /** System property with the default device ordinal. */
    public static final String DEVICE_PROPERTY = "rationalspark.cuda.device";

    private static final Map<Integer, CudaDevice> OPEN = new ConcurrentHashMap<>();
    private static final ThreadLocal<Integer> THREAD_DEVICE = new ThreadLocal<>();
    private static volatile String driverFailure;
    private static volatile boolean driverReady;

    private final int ordinal;
    private final CUdevice device;
    private final CUcontext context;
    private final CUmodule module;
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();
    private final String name;
    private final int multiprocessors;
    private final int computeMajor;
    private final int computeMinor;
    private final CudaSupport support;

    private CudaDevice(int ordinal) {
        this.ordinal = ordinal;
        this.device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, ordinal);
        this.context = new CUcontext();
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        JCudaDriver.cuCtxSetCurrent(context);
        byte[] nameBytes = new byte[256];
        JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device);
        int end = 0;
        while (end < nameBytes.length && nameBytes[end] != 0) {
            end++;
        }
        this.name = new String(nameBytes, 0, end, StandardCharsets.US_ASCII);
        this.multiprocessors = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.computeMajor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.computeMinor = attribute(CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        this.module = new CUmodule();
        this.support = CudaSupport.check(name, computeMajor, computeMinor,
                () -> JCudaDriver.cuModuleLoadData(module, RationalPtx.nulTerminated()));
    }

    /**
     * The device with this ordinal, opened on first use: driver initialised, context retained, device checked and, if
     * it can run our kernels, module loaded ({@link #support()}).
     */
    public static CudaDevice get(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("CUDA device ordinal must be >= 0, got " + ordinal);
        }
        CudaDevice open = OPEN.get(ordinal);
        if (open != null) {
            return open;
        }
        synchronized (CudaDevice.class) {
            open = OPEN.get(ordinal);
            if (open == null) {
                int count = deviceCount();
                if (ordinal >= count) {
                    throw new CudaUnavailableException("no CUDA device " + ordinal + ": the driver reports " + count
                            + " device(s)");
                }
                open = new CudaDevice(ordinal);
                OPEN.put(ordinal, open);
            }
            return open;
        }
    }

    /** The device of the calling thread: its bound device, else the JVM default. */
    public static CudaDevice current() {
        return get(currentOrdinal());
    }

    /** The ordinal of the calling thread's device: its bound device, else the JVM default. */
    public static int currentOrdinal() {
        Integer bound = THREAD_DEVICE.get();
        return bound != null ? bound : defaultOrdinal();
    }

    /**
     * Whether our kernels can run on device {@code ordinal} (opening it on first use), and if not, why; never throws
     * for a missing driver or device, which is {@link CudaSupport.Kind#NO_DEVICE}.
     */
    public static CudaSupport support(int ordinal) {
        try {
            return get(ordinal).support();
        } catch (CudaUnavailableException e) {
            return CudaSupport.noDevice(e.getMessage());
        }
    }

    /** Binds the calling thread to device {@code ordinal} (opened lazily, on the next kernel launch). */
    public static void bindCurrentThread(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("CUDA device ordinal must be >= 0, got " + ordinal);
        }
        THREAD_DEVICE.set(ordinal);
    }

    /** Removes the calling thread's binding. */
    public static void unbindCurrentThread() {
        THREAD_DEVICE.remove();
    }

    /** The JVM default device: system property {@value #DEVICE_PROPERTY}, or 0. */
    public static int defaultOrdinal() {
        String value = System.getProperty(DEVICE_PROPERTY, "0").trim();
        try {
            int ordinal = Integer.parseInt(value);
            if (ordinal >= 0) {
                return ordinal;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DEVICE_PROPERTY + " must be a device ordinal >= 0, got '" + value + "'");
    }

    /**
     * Number of CUDA devices; loads and initialises the driver first.
     *
     * @throws CudaUnavailableException when the driver library cannot be loaded or finds no device
     */
    public static int deviceCount() {
        initDriver();
        int[] count = new int[1];
        JCudaDriver.cuDeviceGetCount(count);
        if (count[0] == 0) {
            throw new CudaUnavailableException("no CUDA device: the NVIDIA driver is installed but reports no GPU");
        }
        return count[0];
    }

    /** Whether a CUDA driver and at least one device are present; never throws. */
    public static boolean isAvailable() {
        try {
            return deviceCount() > 0;
        } catch (CudaUnavailableException e) {
            return false;
        }
    }

    /** Why {@link #isAvailable()} is false, or null when a device is present. */
    public static String unavailableReason() {
        try {
            deviceCount();
            return null;
        } catch (CudaUnavailableException e) {
            return e.getMessage();
        }
    }

    private static synchronized void initDriver() {
        if (driverReady) {
            return;
        }
        if (driverFailure != null) {
            throw new CudaUnavailableException(driverFailure);
        }
        try {
            JCudaDriver.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            // JCuda's native library links libcuda.so.1: this is where a missing driver shows up
            driverFailure = "no CUDA driver: JCuda's driver library could not be loaded (" + linkFailure(e)
                    + "); the NVIDIA driver's libcuda.so.1 is not installed or not on the library path";
            throw new CudaUnavailableException(driverFailure, e);
        }
        try {
            JCudaDriver.cuInit(0);
        } catch (CudaException e) {
            driverFailure = "no CUDA device: cuInit failed with " + e.getMessage()
                    + " (no GPU, or the driver cannot reach it)";
            throw new CudaUnavailableException(driverFailure, e);
        }
        driverReady = true;
    }

    /**
     * The line of JCuda's long loading report that says what is missing (the one naming libcuda, else the last
     * UnsatisfiedLinkError line, else the first line).
     */
    static String linkFailure(Throwable e) {
        String message = String.valueOf(e.getMessage());
        String last = null;
        for (String line : message.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.contains("libcuda")) {
                return trimmed.replaceFirst("^java\\.lang\\.UnsatisfiedLinkError: ", "");
            }
            if (trimmed.startsWith("java.lang.UnsatisfiedLinkError: ")) {
                last = trimmed.substring("java.lang.UnsatisfiedLinkError: ".length());
            }
        }
        return last != null ? last : e.getClass().getSimpleName() + ": " + message.split("\\R", 2)[0];
    }

    /** Whether our kernels can run on this device, and if not, why. */
    public CudaSupport support() {
        return support;
    }

    /**
     * This device, when our kernels can run on it.
     *
     * @throws CudaUnavailableException naming the device and the reason when they cannot
     */
    public CudaDevice requireUsable() {
        if (!support.usable()) {
            throw new CudaUnavailableException("CUDA device " + ordinal + ": " + support.reason());
        }
        return this;
    }

    /** Makes this device's primary context current on the calling thread. */
    public void makeCurrent() {
        JCudaDriver.cuCtxSetCurrent(context);
    }

    /** A kernel of our PTX module, looked up once. */
    CUfunction function(String entryPoint) {
        return functions.computeIfAbsent(entryPoint, e -> {
            CUfunction f = new CUfunction();
            JCudaDriver.cuModuleGetFunction(f, module, e);
            return f;
        });
    }

    private int attribute(int attribute) {
        int[] value = new int[1];
        JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    public int ordinal() {
        return ordinal;
    }

    public String name() {
        return name;
    }

    public int multiprocessors() {
        return multiprocessors;
    }

    /** Compute capability as "major.minor". */
    public String computeCapability() {
        return computeMajor + "." + computeMinor;
    }

    @Override
    public String toString() {
        return "CUDA device " + ordinal + " (" + name + ", sm_" + computeMajor + computeMinor + ", " + multiprocessors
                + " multiprocessors)";
    }
}
