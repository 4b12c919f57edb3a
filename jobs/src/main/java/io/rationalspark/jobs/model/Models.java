package io.rationalspark.jobs.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The study's architectures. Every hidden nonlinearity is the chosen {@link ActivationChoice} as its own layer
 * after a linear layer with identity activation, so that changing the activation changes nothing else (a
 * rational adds only its coefficients; PReLU its slopes).
 */
public final class Models {

    private Models() {
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(updater)
                .weightInit(WeightInit.XAVIER);
    }

    /** MLP for 28×28 images flattened to 784: Dense(h) → activation, per hidden width, → softmax over 10 classes. */
    public static MultiLayerConfiguration mlp(int[] hidden, ActivationChoice activation, IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.feedForward(784));
        for (int width : hidden) {
            stack.add(new DenseLayer.Builder().nOut(width).activation(Activation.IDENTITY).build()).activation(activation);
        }
        stack.add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * LeNet-style CNN for 1×28×28 images: conv5×5(c1) → activation → max-pool 2 → conv5×5(c2) → activation →
     * max-pool 2 → Dense(dense) → activation → softmax over 10 classes.
     */
    public static MultiLayerConfiguration lenet(int c1, int c2, int dense, ActivationChoice activation,
                                                IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.convolutional(28, 28, 1));
        stack.add(new ConvolutionLayer.Builder(5, 5).convolutionMode(ConvolutionMode.Truncate).nOut(c1).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new SubsamplingLayer.Builder(PoolingType.MAX).convolutionMode(ConvolutionMode.Truncate).kernelSize(2, 2).stride(2, 2).build())
                .add(new ConvolutionLayer.Builder(5, 5).convolutionMode(ConvolutionMode.Truncate).nOut(c2).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new SubsamplingLayer.Builder(PoolingType.MAX).convolutionMode(ConvolutionMode.Truncate).kernelSize(2, 2).stride(2, 2).build())
                .add(new DenseLayer.Builder().nOut(dense).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Text classifier over token indices [batch, length] (0 = padding, masked): embedding(d) → 1-D convolution
     * (filters, kernel 5) → activation → global max-pool over time → Dense(hidden) → activation → softmax over
     * {@code classes}.
     */
    public static MultiLayerConfiguration textConv(int vocabulary, int length, int embedding, int filters, int hidden,
                                                   int classes, ActivationChoice activation, IUpdater updater,
                                                   long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(1, length, RNNFormat.NCW));
        stack.add(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(length)
                        .outputDataFormat(RNNFormat.NCW).build())
                .add(new Convolution1DLayer.Builder().convolutionMode(ConvolutionMode.Truncate).kernelSize(5).nOut(filters).activation(Activation.IDENTITY)
                        .rnnDataFormat(RNNFormat.NCW).build())
                .activation(activation)
                .add(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .add(new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Text classifier with an LSTM: embedding(d) → LSTM(hidden) → activation → global average-pool over the
     * unmasked time steps → Dense(hidden) → activation → softmax over {@code classes}.
     */
    public static MultiLayerConfiguration textLstm(int vocabulary, int length, int embedding, int hidden, int classes,
                                                   ActivationChoice activation, IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(1, length, RNNFormat.NCW));
        stack.add(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(length)
                        .outputDataFormat(RNNFormat.NCW).build())
                .add(new LSTM.Builder().nOut(hidden).activation(Activation.TANH).build())
                .activation(activation)
                .add(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .add(new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Character language model over one-hot characters [batch, vocabulary, time]: LSTM(hidden) → activation →
     * LSTM(hidden) → activation → per-step softmax over the vocabulary.
     */
    public static MultiLayerConfiguration charLstm(int vocabulary, int hidden, ActivationChoice activation,
                                                   IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(vocabulary));
        stack.add(new LSTM.Builder().nOut(hidden).activation(Activation.TANH).build())
                .activation(activation)
                .add(new LSTM.Builder().nOut(hidden).activation(Activation.TANH).build())
                .activation(activation)
                .add(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(vocabulary).activation(Activation.SOFTMAX)
                        .build());
        return stack.build(base(updater, seed));
    }
}
