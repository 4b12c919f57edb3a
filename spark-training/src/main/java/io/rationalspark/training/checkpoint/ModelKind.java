package io.rationalspark.training.checkpoint;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.InputStream;

/** The two DL4J network types a checkpoint can hold, recorded in {@code checkpoint.json}. */
public enum ModelKind {
    MULTI_LAYER_NETWORK {
        @Override
        Model restore(InputStream zip) throws IOException {
            return ModelSerializer.restoreMultiLayerNetwork(zip, true);
        }
    },
    COMPUTATION_GRAPH {
        @Override
        Model restore(InputStream zip) throws IOException {
            return ModelSerializer.restoreComputationGraph(zip, true);
        }
    };

    public static ModelKind of(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return MULTI_LAYER_NETWORK;
        }
        if (model instanceof ComputationGraph) {
            return COMPUTATION_GRAPH;
        }
        throw new IllegalArgumentException("checkpoints hold a MultiLayerNetwork or a ComputationGraph, got "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** Restores a network, updater state included, from a {@code ModelSerializer} archive (closes the stream). */
    abstract Model restore(InputStream zip) throws IOException;
}
