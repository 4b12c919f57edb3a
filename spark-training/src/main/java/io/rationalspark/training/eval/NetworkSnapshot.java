package io.rationalspark.training.eval;

import io.rationalspark.training.Networks;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;

/**
 * A network as it travels to the executors in one broadcast: its blueprint (kind + JSON configuration) and a
 * copy of its flattened parameters. Executors rebuild a private copy per partition and never write to the
 * broadcast value (in local mode it may be the driver's own object).
 */
record NetworkSnapshot(Networks.Blueprint blueprint, INDArray params) implements Serializable {

    static NetworkSnapshot of(Model model) {
        INDArray params = model.params();
        if (params == null) {
            throw new IllegalArgumentException("the network has no parameters yet: call init() before evaluating it");
        }
        return new NetworkSnapshot(Networks.blueprint(model), params.dup());
    }

    /** A fresh network with the snapshot's parameters. */
    Model rebuild() {
        Model model = blueprint.build();
        if (model.numParams() != params.length()) {
            throw new IllegalStateException("the rebuilt network has " + model.numParams()
                    + " parameters but the snapshot holds " + params.length());
        }
        model.setParams(params);
        return model;
    }

    /** Drops what a rebuilt network and this executor thread's ND4J workspaces still hold. */
    static void release(Model model) {
        if (model != null) {
            model.clear();
        }
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
}
