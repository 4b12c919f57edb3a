package io.rationalspark.layers.cuda;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernels;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Without a CUDA driver or GPU, every way in fails with a message naming what is missing. */
class CudaAvailabilityTest {

    @Test
    void noDriverOrDeviceIsNamed() {
        assumeFalse(CudaDevice.isAvailable(), "a CUDA device is present: this test covers machines without one");
        String reason = CudaDevice.unavailableReason();
        assertTrue(reason.startsWith("no CUDA driver") || reason.startsWith("no CUDA device"), reason);
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> RationalCuda.onDevice(0));
        assertEquals(reason, e.getMessage());
        // asked twice, same answer (the driver is probed once)
        assertEquals(reason, assertThrows(CudaUnavailableException.class, () -> CudaDevice.get(0)).getMessage());
    }

    @Test
    void noDriverHereWhenLibcudaIsAbsent() {
        assumeFalse(CudaDevice.isAvailable(), "a CUDA device is present");
        boolean libcuda = java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"))
                || java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib64/libcuda.so.1"));
        assumeFalse(libcuda, "libcuda.so.1 is installed; the failure here is about devices, not the driver");
        assertTrue(CudaDevice.unavailableReason().contains("libcuda.so.1"), CudaDevice.unavailableReason());
    }

    @Test
    void loadingReportIsCondensedToTheMissingLibrary() {
        String report = "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\nOperating system name: Linux\n"
                + "java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib\n"
                + "\tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2434)\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file\n";
        assertEquals("/tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file",
                CudaDevice.linkFailure(new UnsatisfiedLinkError(report)));
        assertEquals("no JCudaDriver in java.library.path",
                CudaDevice.linkFailure(new UnsatisfiedLinkError("x\njava.lang.UnsatisfiedLinkError: no JCudaDriver in java.library.path")));
        assertEquals("UnsatisfiedLinkError: short", CudaDevice.linkFailure(new UnsatisfiedLinkError("short")));
    }

    @Test
    void forcedCudaKernelFailsClearly() {
        assumeFalse(CudaDevice.isAvailable(), "a CUDA device is present");
        RationalKernel kernel = RationalKernels.byName("cuda");
        assertEquals("cuda", kernel.name());
        RationalCoefficients c = new RationalCoefficients(DenominatorForm.SAFE_ABS_TERMS, 1, 1, 1, new double[] {0, 1},
                new double[] {0.5});
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> kernel.forward(c, x, x.ulike()));
        assertTrue(e.getMessage().startsWith("no CUDA"), e.getMessage());
    }

    @Test
    void supportWithoutADriverOrDeviceIsNoDeviceWithTheSameReason() {
        assumeFalse(CudaDevice.isAvailable(), "a CUDA device is present");
        CudaSupport support = CudaDevice.support(0);
        assertEquals(CudaSupport.Kind.NO_DEVICE, support.kind());
        assertEquals(CudaDevice.unavailableReason(), support.reason());
    }

    @Test
    void forcingCudaOnTheCpuBackendWithoutAGpuFailsAtFirstUseInsteadOfFallingBack() {
        assumeFalse(CudaDevice.isAvailable(), "a CUDA device is present");
        assumeCpuBackendWithoutForcedKernel();
        System.setProperty(RationalKernels.PROPERTY, "cuda");
        try {
            RationalKernel kernel = RationalKernels.current();
            assertEquals("cuda", kernel.name());
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
            RationalCoefficients c = new RationalCoefficients(DenominatorForm.SAFE_ABS_TERMS, 1, 1, 1,
                    new double[] {0, 1}, new double[] {0.5});
            CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                    () -> kernel.forward(c, x, x.ulike()));
            assertEquals(CudaDevice.unavailableReason(), e.getMessage());
        } finally {
            System.clearProperty(RationalKernels.PROPERTY);
        }
    }

    /**
     * The CPU backend's default; the test checks the backend itself, so it runs in the default build and skips under
     * {@code -Pcuda} (ND4J's CUDA backend), where {@link CudaKernelGpuTest} and the fallback tests cover the choice.
     */
    @Test
    void cpuBackendDefaultsToTheFusedKernel() {
        assumeCpuBackendWithoutForcedKernel();
        assertEquals("fused-cpu", RationalKernels.current().name());
    }

    private static void assumeCpuBackendWithoutForcedKernel() {
        String backend = Nd4j.getBackend().getClass().getSimpleName();
        assumeTrue(backend.equals("CpuBackend"), () -> "ND4J runs on " + backend + ", not its CPU backend");
        assumeTrue(System.getProperty(RationalKernels.PROPERTY) == null,
                () -> RationalKernels.PROPERTY + " is set to " + System.getProperty(RationalKernels.PROPERTY));
    }
}
