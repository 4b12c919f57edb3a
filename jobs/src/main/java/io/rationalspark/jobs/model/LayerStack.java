package io.rationalspark.jobs.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * A MultiLayerNetwork's layers with the input type after each one tracked, so that an activation layer can be
 * built for the exact shape it will see (PReLU and per-channel rationals need the channel count).
 */
final class LayerStack {

    private final List<Layer> layers = new ArrayList<>();
    private final InputType inputType;
    private InputType current;

    LayerStack(InputType inputType) {
        this.inputType = inputType;
        this.current = inputType;
    }

    /** Appends a layer and advances the tracked type. */
    LayerStack add(Layer layer) {
        if (layer instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer
                && current instanceof InputType.InputTypeConvolutionalFlat) {
            // flat images: the network adds a feed-forward-to-CNN preprocessor here
            InputType.InputTypeConvolutionalFlat flat = (InputType.InputTypeConvolutionalFlat) current;
            current = InputType.convolutional(flat.getHeight(), flat.getWidth(), flat.getDepth());
        }
        if ((layer instanceof DenseLayer || layer instanceof OutputLayer) && current.getType() == InputType.Type.CNN) {
            // the network adds a CNN-to-feed-forward preprocessor here; track the flattened type it produces
            current = InputType.feedForward(current.arrayElementsPerExample());
        }
        if ((layer instanceof DenseLayer || layer instanceof OutputLayer) && current.getType() == InputType.Type.RNN) {
            // only after global pooling in our models: DL4J reports the pooled type as recurrent, but the
            // activations are [batch, size]
            current = InputType.feedForward(((InputType.InputTypeRecurrent) current).getSize());
        }
        layer.setNIn(current, false);
        current = layer.getOutputType(layers.size(), current);
        layers.add(layer);
        return this;
    }

    /** Appends the chosen activation for the current type. */
    LayerStack activation(ActivationChoice activation) {
        return add(activation.layerFor(current));
    }

    InputType current() {
        return current;
    }

    MultiLayerConfiguration build(NeuralNetConfiguration.Builder base) {
        // every nIn is already set from the tracked types; DL4J's override would reset an embedding's vocabulary
        // size to the input's width of 1
        NeuralNetConfiguration.ListBuilder list = base.list().overrideNinUponBuild(false);
        for (Layer layer : layers) {
            list.layer(layer);
        }
        if (!(layers.get(layers.size() - 1) instanceof BaseOutputLayer)) {
            throw new IllegalStateException("a model must end in an output layer");
        }
        return list.setInputType(inputType).build();
    }
}
