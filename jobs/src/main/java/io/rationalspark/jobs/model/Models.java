package io.rationalspark.jobs.model;

import io.rationalspark.layers.attention.SelfAttentionLayer;
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

import java.util.List;

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
     * LeNet-style CNN for 28×28 images given flat ([batch, 784], as the MLP takes them): per entry of {@code channels}, conv5×5 → activation → max-pool 2; then
     * per entry of {@code dense}, Dense → activation; then softmax over 10 classes.
     */
    public static MultiLayerConfiguration lenet(List<Integer> channels, List<Integer> dense, ActivationChoice activation,
                                                IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.convolutionalFlat(28, 28, 1));
        for (int c : channels) {
            stack.add(new ConvolutionLayer.Builder(5, 5).convolutionMode(ConvolutionMode.Truncate).nOut(c)
                            .activation(Activation.IDENTITY).build())
                    .activation(activation)
                    .add(new SubsamplingLayer.Builder(PoolingType.MAX).convolutionMode(ConvolutionMode.Truncate)
                            .kernelSize(2, 2).stride(2, 2).build());
        }
        for (int d : dense) {
            stack.add(new DenseLayer.Builder().nOut(d).activation(Activation.IDENTITY).build()).activation(activation);
        }
        stack.add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Text classifier over token indices [batch, length] (0 = padding, masked): embedding(d) → 1-D convolution
     * (filters, kernel) → activation → global max-pool over time → Dense(hidden) → activation → softmax over
     * {@code classes}.
     */
    public static MultiLayerConfiguration textConv(int vocabulary, int length, int embedding, int filters, int kernel,
                                                   int hidden, int classes, ActivationChoice activation,
                                                   IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(1, length, RNNFormat.NCW));
        stack.add(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(length)
                        .outputDataFormat(RNNFormat.NCW).build())
                .add(new Convolution1DLayer.Builder().convolutionMode(ConvolutionMode.Truncate).kernelSize(kernel).nOut(filters).activation(Activation.IDENTITY)
                        .rnnDataFormat(RNNFormat.NCW).build())
                .activation(activation)
                .add(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .add(new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Text classifier with LSTMs: embedding(d) → per entry of {@code units}, LSTM → activation → global
     * average-pool over the unmasked time steps → Dense(last units) → activation → softmax over {@code classes}.
     */
    public static MultiLayerConfiguration textLstm(int vocabulary, int length, int embedding, List<Integer> units,
                                                   int classes, ActivationChoice activation, IUpdater updater,
                                                   long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(1, length, RNNFormat.NCW));
        stack.add(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(length)
                .outputDataFormat(RNNFormat.NCW).build());
        for (int u : units) {
            stack.add(new LSTM.Builder().nOut(u).activation(Activation.TANH).build()).activation(activation);
        }
        stack.add(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .add(new DenseLayer.Builder().nOut(units.get(units.size() - 1)).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /**
     * Text classifier with self-attention: embedding(d) → multi-head self-attention with a residual connection
     * ({@link SelfAttentionLayer}, {@code heads} must divide d) → per-step feed-forward part: Dense(d → ffSize) →
     * activation → Dense(ffSize → d), each dense a kernel-1 convolution over time, so the sequence stays
     * [batch, size, time] and masked steps stay masked → global average-pool over the unmasked steps →
     * Dense(hidden) → activation → softmax over {@code classes}.
     */
    public static MultiLayerConfiguration textAttention(int vocabulary, int length, int embedding, int heads,
                                                        int ffSize, int hidden, int classes,
                                                        ActivationChoice activation, IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(1, length, RNNFormat.NCW));
        stack.add(new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(embedding).inputLength(length)
                        .outputDataFormat(RNNFormat.NCW).build())
                .add(new SelfAttentionLayer.Builder().heads(heads).build())
                .add(perStepDense(ffSize))
                .activation(activation)
                .add(perStepDense(embedding))
                .add(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .add(new DenseLayer.Builder().nOut(hidden).activation(Activation.IDENTITY).build())
                .activation(activation)
                .add(new OutputLayer.Builder(LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX).build());
        return stack.build(base(updater, seed));
    }

    /** A dense layer applied to every time step of [batch, size, time]: a 1-D convolution with kernel 1. */
    private static Convolution1DLayer perStepDense(int nOut) {
        return new Convolution1DLayer.Builder().convolutionMode(ConvolutionMode.Truncate).kernelSize(1).nOut(nOut)
                .activation(Activation.IDENTITY).rnnDataFormat(RNNFormat.NCW).build();
    }

    /**
     * Character language model over one-hot characters [batch, vocabulary, time]: per entry of {@code units},
     * LSTM → activation; then a per-step softmax over the vocabulary.
     */
    public static MultiLayerConfiguration charLstm(int vocabulary, List<Integer> units, ActivationChoice activation,
                                                   IUpdater updater, long seed) {
        LayerStack stack = new LayerStack(InputType.recurrent(vocabulary));
        for (int u : units) {
            stack.add(new LSTM.Builder().nOut(u).activation(Activation.TANH).build()).activation(activation);
        }
        stack.add(new RnnOutputLayer.Builder(LossFunction.MCXENT).nOut(vocabulary).activation(Activation.SOFTMAX)
                        .build());
        return stack.build(base(updater, seed));
    }
}
