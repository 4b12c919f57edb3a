package io.rationalspark.training.worker;

import io.rationalspark.training.Networks;
import org.deeplearning4j.nn.api.Model;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networks workers fit, kept in each executor JVM between rounds of one training run, one per partition,
 * so a round costs a parameter copy, not a network build. Entries of other runs are dropped when a new run
 * starts using this JVM.
 */
final class WorkerNetworks {

    private static final Map<String, Model> NETWORKS = new ConcurrentHashMap<>();
    private static volatile String currentRun = "";

    private WorkerNetworks() {
    }

    static Model get(String runId, int partition, Networks.Blueprint blueprint) {
        if (!runId.equals(currentRun)) {
            synchronized (WorkerNetworks.class) {
                if (!runId.equals(currentRun)) {
                    NETWORKS.keySet().removeIf(key -> !key.startsWith(runId + "/"));
                    currentRun = runId;
                }
            }
        }
        return NETWORKS.computeIfAbsent(runId + "/" + partition, key -> blueprint.build());
    }

    /** Forgets the networks of {@code runId} in this JVM. */
    static void release(String runId) {
        NETWORKS.keySet().removeIf(key -> key.startsWith(runId + "/"));
    }
}
