package io.rationalspark.training.eval;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.Arrays;

/**
 * What evaluation needs to know about a network's single output layer: its name, its width (0 when the layer
 * does not declare one, as parameter-free loss layers may), whether its sequence outputs are time-major per
 * example (NWC, {@code [batch, time, classes]}) rather than DL4J's default NCW ({@code [batch, classes, time]}),
 * and whether its loss is a cross-entropy of a softmax distribution, the only case where a perplexity means
 * something.
 */
record OutputHead(String name, long width, boolean channelsLast, boolean crossEntropyOfSoftmax) {

    /** The output head of a MultiLayerNetwork or of a ComputationGraph with one input and one output. */
    static OutputHead of(Model model) {
        org.deeplearning4j.nn.api.Layer layer;
        if (model instanceof MultiLayerNetwork net) {
            layer = net.getOutputLayer();
        } else if (model instanceof ComputationGraph graph) {
            if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
                throw new IllegalArgumentException("evaluation of DataSets needs a ComputationGraph with one input"
                        + " and one output, got " + graph.getNumInputArrays() + " inputs and "
                        + graph.getNumOutputArrays() + " outputs");
            }
            layer = graph.getOutputLayer(0);
        } else {
            throw new IllegalArgumentException("evaluation supports MultiLayerNetwork and ComputationGraph, got "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        if (!(layer instanceof IOutputLayer)) {
            throw new IllegalArgumentException("the network's last layer (" + layer.getClass().getSimpleName()
                    + ") is not an output layer: there is nothing to evaluate against labels");
        }
        Layer conf = layer.conf().getLayer();
        long width = conf instanceof FeedForwardLayer ff ? ff.getNOut() : 0;
        ILossFunction loss = null;
        boolean channelsLast = false;
        if (conf instanceof BaseOutputLayer out) {
            loss = out.getLossFn();
            channelsLast = out instanceof RnnOutputLayer rnn && rnn.getRnnDataFormat() == RNNFormat.NWC;
        } else if (conf instanceof LossLayer out) {
            loss = out.getLossFn();
        } else if (conf instanceof RnnLossLayer out) {
            loss = out.getLossFn();
            channelsLast = out.getRnnDataFormat() == RNNFormat.NWC;
        }
        IActivation activation = conf instanceof BaseLayer base ? base.getActivationFn() : null;
        boolean crossEntropy = loss instanceof LossMCXENT mcxent && mcxent.getWeights() == null
                && activation instanceof ActivationSoftmax;
        String name = conf.getLayerName() + " (" + conf.getClass().getSimpleName() + ")";
        return new OutputHead(name, width, channelsLast, crossEntropy);
    }

    /** Axis of the class (output unit) dimension in labels and outputs. */
    int classAxis(INDArray labels) {
        return labels.rank() == 3 && channelsLast ? 2 : 1;
    }

    /** Fails, naming both numbers, when the layer declares a width that cannot encode {@code numClasses} classes. */
    void requireClasses(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        boolean binarySingleOutput = width == 1 && numClasses == 2;
        if (width > 0 && width != numClasses && !binarySingleOutput) {
            throw new IllegalArgumentException("numClasses is " + numClasses + " but the network's output layer "
                    + name + " has " + width + " outputs");
        }
    }

    /** Fails, naming both numbers, when a minibatch's labels or the network's outputs disagree with numClasses. */
    void requireClasses(int numClasses, INDArray labels, INDArray output) {
        int axis = classAxis(labels);
        long labelClasses = labels.size(axis);
        long outputClasses = output.size(axis);
        long expected = numClasses == 2 && labelClasses == 1 ? 1 : numClasses;
        if (labelClasses != expected || outputClasses != expected) {
            throw new IllegalArgumentException("numClasses is " + numClasses + " but a minibatch has labels of shape "
                    + Arrays.toString(labels.shape()) + " and the output layer " + name + " gives shape "
                    + Arrays.toString(output.shape()) + " (classes on axis " + axis + ")");
        }
    }
}
