package io.rationalspark.training.worker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which CUDA device a task's Spark GPU address means; no GPU needed. */
class GpuBindingTest {

    @Test
    void addressIsTheOrdinalWithoutCudaVisibleDevices() {
        assertEquals(0, GpuBinding.chooseDevice(new String[] {"0"}, null));
        assertEquals(3, GpuBinding.chooseDevice(new String[] {" 3 "}, ""));
    }

    @Test
    void firstOfSeveralAddressesIsUsed() {
        assertEquals(2, GpuBinding.chooseDevice(new String[] {"2", "5"}, null));
    }

    @Test
    void cudaVisibleDevicesRenumbersFromZero() {
        assertEquals(1, GpuBinding.chooseDevice(new String[] {"3"}, "2,3"));
        assertEquals(0, GpuBinding.chooseDevice(new String[] {"GPU-8f1c"}, "GPU-8f1c, GPU-77aa"));
    }

    @Test
    void unknownAddressesAreNamed() {
        IllegalArgumentException notVisible = assertThrows(IllegalArgumentException.class,
                () -> GpuBinding.chooseDevice(new String[] {"4"}, "0,1"));
        assertTrue(notVisible.getMessage().contains("'4'") && notVisible.getMessage().contains("CUDA_VISIBLE_DEVICES=0,1"),
                notVisible.getMessage());
        IllegalArgumentException notIndex = assertThrows(IllegalArgumentException.class,
                () -> GpuBinding.chooseDevice(new String[] {"GPU-8f1c"}, null));
        assertTrue(notIndex.getMessage().contains("'GPU-8f1c'"), notIndex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GpuBinding.chooseDevice(new String[0], null));
        assertThrows(IllegalArgumentException.class, () -> GpuBinding.chooseDevice(new String[] {"-1"}, null));
    }

    @Test
    void outsideATaskNothingIsBound() {
        assertTrue(GpuBinding.bindTaskGpu().isEmpty());
    }
}
