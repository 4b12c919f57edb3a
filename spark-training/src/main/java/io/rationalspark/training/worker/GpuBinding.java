package io.rationalspark.training.worker;

import io.rationalspark.layers.cuda.CudaDevice;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Binds the running Spark task's thread to the GPU Spark assigned it ({@code spark.task.resource.gpu.amount}, see
 * {@code conf/spark-gpu.conf.template}): ND4J's device ({@code AffinityManager.unsafeSetDevice}) and our CUDA
 * kernels' device ({@link CudaDevice#bindCurrentThread}). Without GPU resources, or outside a task, it does nothing.
 *
 * <p>Spark's addresses are what the discovery script printed ({@code scripts/gpu-discovery.sh}: nvidia-smi indices).
 * The CUDA ordinal is the address itself, or, when {@code CUDA_VISIBLE_DEVICES} is set, the address's position in
 * that list (CUDA renumbers the visible devices from 0). With several addresses the task uses the first.
 */
public final class GpuBinding {

    /** Spark's resource name for GPUs. */
    public static final String GPU = "gpu";

    private static final Logger LOG = LoggerFactory.getLogger(GpuBinding.class);

    private GpuBinding() {
    }

    /**
     * Binds the current task's thread to its GPU, if Spark assigned one.
     *
     * @return the CUDA ordinal bound, or empty when there is no task or no GPU resource
     */
    public static OptionalInt bindTaskGpu() {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return OptionalInt.empty();
        }
        Map<String, ResourceInformation> resources = task.resourcesJMap();
        ResourceInformation gpu = resources == null ? null : resources.get(GPU);
        if (gpu == null || gpu.addresses().length == 0) {
            return OptionalInt.empty();
        }
        int ordinal = chooseDevice(gpu.addresses(), System.getenv("CUDA_VISIBLE_DEVICES"));
        Nd4j.getAffinityManager().unsafeSetDevice(ordinal);
        CudaDevice.bindCurrentThread(ordinal);
        LOG.debug("task {} (partition {}) bound to CUDA device {} (Spark GPU addresses {})", task.taskAttemptId(),
                task.partitionId(), ordinal, Arrays.toString(gpu.addresses()));
        return OptionalInt.of(ordinal);
    }

    /**
     * The CUDA ordinal for Spark's GPU {@code addresses} (the first is used).
     *
     * @param cudaVisibleDevices the value of CUDA_VISIBLE_DEVICES, or null when unset
     * @throws IllegalArgumentException naming the address when it is not a device index, or not among the visible ones
     */
    public static int chooseDevice(String[] addresses, String cudaVisibleDevices) {
        if (addresses == null || addresses.length == 0) {
            throw new IllegalArgumentException("Spark assigned no GPU address to this task");
        }
        String address = addresses[0].trim();
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
            List<String> visible = Arrays.stream(cudaVisibleDevices.split(",")).map(String::trim).toList();
            int position = visible.indexOf(address);
            if (position < 0) {
                throw new IllegalArgumentException("GPU address '" + address + "' assigned by Spark is not among"
                        + " CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices + "; make the discovery script print what"
                        + " CUDA_VISIBLE_DEVICES lists");
            }
            return position;
        }
        try {
            int ordinal = Integer.parseInt(address);
            if (ordinal >= 0) {
                return ordinal;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("GPU address '" + address + "' assigned by Spark is not a device index"
                + " (expected 0, 1, ...; scripts/gpu-discovery.sh prints nvidia-smi's indices)");
    }
}
