package io.rationalspark.layers.cuda;

import jcuda.CudaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check that decides whether our sm_75 PTX can run on a GPU, from its name, capability and the module load. */
class CudaSupportTest {

    @ParameterizedTest(name = "{0} ({1}.{2})")
    @CsvSource({"Tesla P100-PCIE-16GB, 6, 0", "Tesla V100-SXM2-16GB, 7, 0", "Jetson Xavier, 7, 2"})
    void gpusBelowSm75AreNotUsableAndTheReasonNamesTheGpuAndItsCapability(String name, int major, int minor) {
        AtomicInteger loads = new AtomicInteger();
        CudaSupport support = CudaSupport.check(name, major, minor, loads::incrementAndGet);
        assertEquals(CudaSupport.Kind.CAPABILITY_TOO_LOW, support.kind());
        assertFalse(support.usable());
        assertEquals(name + " (compute capability " + major + "." + minor + ") cannot run our kernels: their PTX"
                + " targets sm_75 and needs compute capability 7.5 or newer", support.reason());
        assertEquals(0, loads.get(), "the module must not be loaded on a GPU that cannot run it");
    }

    @ParameterizedTest(name = "{0} ({1}.{2})")
    @CsvSource({"Tesla T4, 7, 5", "NVIDIA A100-SXM4-40GB, 8, 0", "NVIDIA L4, 8, 9", "NVIDIA H200, 9, 0"})
    void gpusFromSm75OnAreUsableOnceTheModuleLoads(String name, int major, int minor) {
        AtomicInteger loads = new AtomicInteger();
        CudaSupport support = CudaSupport.check(name, major, minor, loads::incrementAndGet);
        assertTrue(support.usable(), support.reason());
        assertEquals(name + " (compute capability " + major + "." + minor + ") runs our sm_75 PTX", support.reason());
        assertEquals(1, loads.get());
    }

    @Test
    void aModuleThatFailsToLoadIsNotUsableAndTheReasonNamesTheCudaError() {
        CudaSupport support = CudaSupport.check("Tesla T4", 7, 5, () -> {
            throw new CudaException("CUDA_ERROR_UNSUPPORTED_PTX_VERSION");
        });
        assertEquals(CudaSupport.Kind.MODULE_NOT_LOADED, support.kind());
        assertFalse(support.usable());
        assertEquals("Tesla T4 (compute capability 7.5) cannot load our PTX (/io/rationalspark/layers/cuda/rational.ptx,"
                + " sm_75, PTX ISA 6.3): CUDA_ERROR_UNSUPPORTED_PTX_VERSION; the driver may be older than CUDA 10",
                support.reason());
    }

    @Test
    void noDeviceKeepsTheReasonItIsGiven() {
        CudaSupport support = CudaSupport.noDevice("no CUDA device 3: the driver reports 2 device(s)");
        assertEquals(CudaSupport.Kind.NO_DEVICE, support.kind());
        assertFalse(support.usable());
        assertEquals("no CUDA device 3: the driver reports 2 device(s)", support.reason());
    }
}
