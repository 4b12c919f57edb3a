package io.rationalspark.layers;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/**
 * Connects a layer's runtime object to its network: what every DL4J layer configuration's {@code instantiate} does
 * for the layers of this module (rational, channel PReLU, self-attention).
 */
public final class LayerWiring {

    private LayerWiring() {
    }

    /**
     * Gives {@code layer} its listeners, its index, the flat view of its parameters in the network's parameter
     * vector and the initializer's named views of it (initialising them when asked), and returns it.
     */
    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int index, INDArray paramsView, boolean initializeParams,
                                           ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
