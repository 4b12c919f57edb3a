package io.rationalspark.layers.activations;

import io.rationalspark.layers.rational.RationalFunction;
import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.layers.rational.RationalSpec;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationRegistryTest {

    @Test
    void namesAreTheFifteenFixedInThePapersOrderThenRational() {
        assertEquals(List.of("elu", "leakyrelu", "logsigmoid", "prelu", "relu", "selu", "celu", "sigmoid", "silu",
                "mish", "softplus", "tanh", "softmin", "softmax", "logsoftmax", "rational"), ActivationRegistry.names());
        assertThrows(UnsupportedOperationException.class, () -> ActivationRegistry.names().add("gelu"));
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void everyFixedActivationResolvesUnderItsNameAndSpellings(FixedActivation activation) {
        String canonical = activation.canonicalName();
        for (String spelling : new String[]{canonical, canonical.toUpperCase(), activation.name(),
                activation.name().replace('_', '-'), " " + canonical + " "}) {
            assertEquals(canonical, ActivationRegistry.parse(spelling), spelling);
            assertEquals(Optional.of(activation), ActivationRegistry.lookup(spelling), spelling);
            assertFalse(ActivationRegistry.isRational(spelling), spelling);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LeakyReLU", "leaky_relu", "Leaky-ReLU", "LEAKY_RELU"})
    void leakyReluSpellings(String spelling) {
        assertEquals(Optional.of(FixedActivation.LEAKY_RELU), ActivationRegistry.lookup(spelling));
    }

    @Test
    void otherMixedSpellings() {
        assertEquals("logsoftmax", ActivationRegistry.parse("log-softmax"));
        assertEquals("logsoftmax", ActivationRegistry.parse("LogSoftmax"));
        assertEquals("logsigmoid", ActivationRegistry.parse("Log_Sigmoid"));
        assertEquals("silu", ActivationRegistry.parse("SiLU"));
        assertEquals("prelu", ActivationRegistry.parse("PReLU"));
        assertEquals("rational", ActivationRegistry.parse("Rational"));
        assertTrue(ActivationRegistry.isRational("RATIONAL"));
        assertEquals(Optional.empty(), ActivationRegistry.lookup("rational"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"swish", "gelu", "relu6", "", "soft max x"})
    void unknownNamesAreRejectedWithTheValueAndTheValidNames(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationRegistry.parse(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        for (String valid : ActivationRegistry.names()) {
            assertTrue(e.getMessage().contains(valid), e.getMessage() + " should list " + valid);
        }
        assertThrows(IllegalArgumentException.class, () -> ActivationRegistry.layer(bad, InputType.feedForward(4)));
        assertThrows(IllegalArgumentException.class, () -> ActivationRegistry.lookup(bad));
    }

    @Test
    void nullNameIsRejected() {
        assertThrows(NullPointerException.class, () -> ActivationRegistry.parse(null));
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void fixedLayersAreActivationLayersWithTheFunctionExceptPrelu(FixedActivation activation) {
        Layer layer = ActivationRegistry.layer(activation.canonicalName(), InputType.feedForward(6));
        if (activation == FixedActivation.PRELU) {
            assertInstanceOf(ChannelPReLULayer.class, layer);
            assertEquals(Optional.empty(), activation.function());
        } else {
            assertInstanceOf(ActivationLayer.class, layer);
            assertEquals(activation.function().orElseThrow(), ((ActivationLayer) layer).getActivationFn());
        }
        assertEquals(layer, activation.layer(InputType.feedForward(6)));
    }

    @Test
    void defaultsArePinned() {
        assertEquals(0.01, FixedActivation.LEAKY_RELU_ALPHA);
        assertEquals(1.0, FixedActivation.ELU_ALPHA);
        assertEquals(1.0, FixedActivation.CELU_ALPHA);
        assertEquals(0.25, FixedActivation.PRELU_INIT);
        assertEquals(0.01, ((ActivationLReLU) FixedActivation.LEAKY_RELU.function().orElseThrow()).getAlpha());
        assertEquals(1.0, ((ActivationELU) FixedActivation.ELU.function().orElseThrow()).getAlpha());
        assertEquals(1.0, ((ActivationCELU) FixedActivation.CELU.function().orElseThrow()).getAlpha());
        ChannelPReLULayer prelu = (ChannelPReLULayer) FixedActivation.PRELU.layer(InputType.feedForward(3));
        assertEquals(0.25, prelu.getInitialSlope());
        assertEquals(0.25, new ChannelPReLULayer().getInitialSlope(), "the JSON constructor's default");
        assertEquals(0.25, new ChannelPReLULayer.Builder().build().getInitialSlope(), "the builder's default");
    }

    @Test
    void preluHasOneSlopePerFeatureForFeedForwardInput() {
        ChannelPReLULayer layer = (ChannelPReLULayer) ActivationRegistry.layer("prelu", InputType.feedForward(6));
        assertEquals(6, layer.channels());
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(layer)
                .setInputType(InputType.feedForward(6))
                .build());
        net.init();
        assertArrayEquals(new long[]{1, 6}, net.getLayer(0).getParam(ChannelPReLUParamInitializer.ALPHA).shape());
    }

    @Test
    void preluHasOneSlopePerChannelForImagesInitialisedToAQuarter() {
        ChannelPReLULayer layer = (ChannelPReLULayer) ActivationRegistry.layer("prelu", InputType.convolutional(5, 7, 3));
        assertEquals(3, layer.channels());
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(layer)
                .setInputType(InputType.convolutional(5, 7, 3))
                .build());
        net.init();
        assertEquals(3, net.numParams());
        assertArrayEquals(new float[]{0.25f, 0.25f, 0.25f}, net.params().toFloatVector());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5, 7).subi(0.5);
        INDArray y = net.output(x.dup());
        INDArray expected = x.dup();
        expected.muli(x.gt(0).castTo(DataType.FLOAT).muli(0.75).addi(0.25));
        assertTrue(expected.equalsWithEps(y, 1e-6));
    }

    @Test
    void preluOnSequencesSharesSlopesOverTimeOfAnyLength() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().list()
                .layer(new SimpleRnn.Builder().nIn(2).nOut(4).activation(Activation.IDENTITY).build())
                .layer(ActivationRegistry.layer("prelu", InputType.recurrent(4)))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(2))
                .build());
        net.init();
        assertEquals(4, net.getLayer(1).numParams());
        for (int time : new int[]{1, 3, 6}) {
            assertArrayEquals(new long[]{2, 1, time}, net.output(Nd4j.rand(DataType.FLOAT, 2, 2, time)).shape());
        }
    }

    @Test
    void rationalLayerGetsChannelsFromTheInputType() {
        assertEquals(6, rational(InputType.feedForward(6)).channels());
        assertEquals(5, rational(InputType.recurrent(5)).channels());
        assertEquals(5, rational(InputType.recurrent(5, 12)).channels());
        assertEquals(3, rational(InputType.convolutional(8, 8, 3)).channels());
        RationalLayer paper = rational(InputType.feedForward(6));
        assertEquals(RationalSpec.paperDefault(), paper.spec());
    }

    @Test
    void rationalLayerTakesItsSpec() {
        RationalSpec spec = RationalSpec.paperDefault().withDegrees(3, 2);
        RationalLayer layer = (RationalLayer) ActivationRegistry.layer("Rational", InputType.convolutional(4, 4, 2), spec);
        assertEquals(spec, layer.spec());
        assertEquals(2, layer.channels());
    }

    @Test
    void rationalFromTheRegistryRunsInANetwork() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(ActivationRegistry.layer("rational", InputType.feedForward(4)))
                .setInputType(InputType.feedForward(4))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(RationalSpec.paperDefault().coefficientsPerSet(), net.numParams(), "one coefficient set per layer");
        double[] x = {-2, -0.5, 0.5, 2};
        double[] y = net.output(Nd4j.createFromArray(new double[][]{x}).castTo(DataType.FLOAT)).toDoubleVector();
        RationalFunction initial = RationalSpec.paperDefault().initialFunction();
        for (int i = 0; i < x.length; i++) {
            assertEquals(initial.value(x[i]), y[i], 1e-5, "x=" + x[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "softmin", "logsoftmax", "prelu", "rational"})
    void channelWiseLayersRejectChannelsLastInput(String name) {
        IllegalArgumentException rnn = assertThrows(IllegalArgumentException.class,
                () -> ActivationRegistry.layer(name, InputType.recurrent(4, RNNFormat.NWC)));
        assertTrue(rnn.getMessage().contains("NCW"), rnn.getMessage());
        IllegalArgumentException cnn = assertThrows(IllegalArgumentException.class,
                () -> ActivationRegistry.layer(name, InputType.convolutional(4, 4, 3, CNN2DFormat.NHWC)));
        assertTrue(cnn.getMessage().contains("NCHW"), cnn.getMessage());
    }

    @Test
    void elementwiseLayersAcceptChannelsLastInput() {
        assertInstanceOf(ActivationLayer.class, ActivationRegistry.layer("tanh", InputType.recurrent(4, RNNFormat.NWC)));
    }

    private static RationalLayer rational(InputType inputType) {
        Layer layer = ActivationRegistry.layer("rational", inputType);
        return assertInstanceOf(RationalLayer.class, layer);
    }
}
