package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.RationalCoefficients;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CPU kernel run on arrays that may live on a GPU: what rational layers use when the CUDA kernel was selected but
 * cannot run ({@link CudaFallback}). On ND4J's CUDA backend an array's newest data may be on the device, so it brings
 * the host copies of all arrays up to date before the CPU kernel reads or writes them, and afterwards tells ND4J that
 * the host copies of the outputs are the newest ({@link AffinityManager}). On the CPU backend both are no-ops.
 */
final class HostFallbackKernel implements RationalKernel {

    private final RationalKernel cpu;

    HostFallbackKernel(RationalKernel cpu) {
        this.cpu = cpu;
    }

    @Override
    public String name() {
        return cpu.name() + "-fallback";
    }

    @Override
    public void forward(RationalCoefficients c, INDArray x, INDArray y) {
        onHost(x, y);
        cpu.forward(c, x, y);
        writtenOnHost(y);
    }

    @Override
    public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
        onHost(x, gradOut, gradIn);
        CoefficientGradients sums = cpu.backward(c, x, gradOut, gradIn);
        writtenOnHost(gradIn);
        return sums;
    }

    /** Makes the host copies current: of the inputs, and of the outputs, which may be views the kernel writes part of. */
    private static void onHost(INDArray... arrays) {
        AffinityManager affinity = Nd4j.getAffinityManager();
        for (INDArray a : arrays) {
            affinity.ensureLocation(a, AffinityManager.Location.HOST);
        }
    }

    private static void writtenOnHost(INDArray output) {
        Nd4j.getAffinityManager().tagLocation(output, AffinityManager.Location.HOST);
    }
}
