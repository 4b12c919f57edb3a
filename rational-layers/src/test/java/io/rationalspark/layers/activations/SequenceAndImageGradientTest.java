package io.rationalspark.layers.activations;

import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Gradient checks at rank 3 (SimpleRnn → activation → RnnOutputLayer, [batch, size, time]) and rank 4
 * (Convolution → activation → global average pooling → OutputLayer, NCHW) for the activations this package implements or
 * configures: CELU, LogSigmoid, Softplus, SiLU, Mish, the channel softmax family, and PReLU with one slope per
 * channel shared over time or over height and width. The layers come from {@link ActivationRegistry}.
 */
@ExtendWith(DoublePrecision.class)
class SequenceAndImageGradientTest {

    private static final int BATCH = 3;
    private static final int N_IN = 3;
    private static final int SIZE = 4;
    private static final int TIME = 4;
    private static final int N_OUT = 2;

    @ParameterizedTest
    @EnumSource(value = FixedActivation.class, names = {"CELU", "LOG_SIGMOID", "SOFTPLUS", "SILU", "MISH", "PRELU",
            "SOFTMIN", "SOFTMAX", "LOG_SOFTMAX"})
    void gradientsMatchOnSequences(FixedActivation activation) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(21).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new SimpleRnn.Builder().nIn(N_IN).nOut(SIZE).activation(Activation.IDENTITY).build())
                .layer(ActivationRegistry.layer(activation.canonicalName(), InputType.recurrent(SIZE)))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(N_OUT)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(N_IN))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = GradientChecks.kinkFreeInput(net, 0, 22, BATCH, N_IN, TIME);
        INDArray labels = GradientChecks.uniform(new Random(23), -1, 1, BATCH, N_OUT, TIME);
        assertArrayEquals(new long[]{BATCH, SIZE, TIME}, net.feedForward(input.dup(), false).get(2).shape());
        GradientChecks.assertGradientsMatch(activation + " (rank 3)", net, input, labels);
    }

    @ParameterizedTest
    @EnumSource(value = FixedActivation.class, names = {"CELU", "LOG_SIGMOID", "SOFTPLUS", "SILU", "MISH", "PRELU",
            "SOFTMIN", "SOFTMAX", "LOG_SOFTMAX"})
    void gradientsMatchOnImages(FixedActivation activation) {
        int channelsIn = 2;
        int side = 4;
        int channels = 3;
        int outSide = side - 1; // 2x2 kernel, stride 1, no padding
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(31).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(2, 2).nIn(channelsIn).nOut(channels)
                        .activation(Activation.IDENTITY).build())
                .layer(ActivationRegistry.layer(activation.canonicalName(),
                        InputType.convolutional(outSide, outSide, channels)))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(N_OUT)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(side, side, channelsIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray input = GradientChecks.kinkFreeInput(net, 0, 32, BATCH, channelsIn, side, side);
        INDArray labels = GradientChecks.uniform(new Random(33), -1, 1, BATCH, N_OUT);
        assertArrayEquals(new long[]{BATCH, channels, outSide, outSide}, net.feedForward(input.dup(), false).get(2).shape());
        GradientChecks.assertGradientsMatch(activation + " (rank 4)", net, input, labels);
    }
}
