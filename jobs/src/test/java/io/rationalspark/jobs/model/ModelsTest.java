package io.rationalspark.jobs.model;

import io.rationalspark.layers.activations.ActivationRegistry;
import io.rationalspark.layers.activations.ChannelPReLULayer;
import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.layers.rational.RationalSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every architecture builds with every activation of the registry, takes a training step with the right
 * shapes, and differs between activations only by the activation's own parameters.
 */
class ModelsTest {

    static List<String> activations() {
        return ActivationRegistry.names();
    }

    private static int rationalCoefficients(MultiLayerNetwork net) {
        int n = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l.conf().getLayer() instanceof RationalLayer || l.conf().getLayer() instanceof ChannelPReLULayer) {
                n += (int) l.numParams();
            }
        }
        return n;
    }

    private static void check(String activation, Function<ActivationChoice, MultiLayerConfiguration> model,
                              INDArray features, INDArray labels, long[] outputShape) {
        MultiLayerNetwork net = new MultiLayerNetwork(model.apply(ActivationChoice.of(activation)));
        net.init();
        MultiLayerNetwork relu = new MultiLayerNetwork(model.apply(ActivationChoice.of("relu")));
        relu.init();
        assertEquals(relu.numParams() + rationalCoefficients(net), net.numParams(),
                activation + ": only the activation's own parameters differ from the ReLU model");
        INDArray before = net.params().dup();
        net.fit(new DataSet(features, labels));
        assertTrue(Double.isFinite(net.score()), activation + ": finite loss");
        assertTrue(before.distance2(net.params()) > 0, activation + ": a step moves the parameters");
        assertArrayEquals(outputShape, net.output(features).shape(), activation);
    }

    @ParameterizedTest
    @MethodSource("activations")
    void mlp(String activation) {
        check(activation, a -> Models.mlp(new int[] {16, 8}, a, new Adam(1e-3), 1),
                Nd4j.rand(DataType.FLOAT, 4, 784), oneHot(4, 10), new long[] {4, 10});
    }

    @ParameterizedTest
    @MethodSource("activations")
    void lenet(String activation) {
        check(activation, a -> Models.lenet(List.of(4, 6), List.of(12), a, new Adam(1e-3), 1),
                Nd4j.rand(DataType.FLOAT, 3, 784), oneHot(3, 10), new long[] {3, 10});
    }

    @ParameterizedTest
    @MethodSource("activations")
    void textConv(String activation) {
        INDArray tokens = Nd4j.createFromArray(new float[][] {{2, 5, 7, 1, 3, 0, 0, 0, 0, 0, 0, 0},
                {4, 4, 9, 8, 2, 6, 3, 1, 5, 7, 2, 3}});
        check(activation, a -> Models.textConv(10, 12, 6, 5, 5, 4, 2, a, new Adam(1e-3), 1), tokens, oneHot(2, 2),
                new long[] {2, 2});
    }

    @ParameterizedTest
    @MethodSource("activations")
    void textLstm(String activation) {
        INDArray tokens = Nd4j.createFromArray(new float[][] {{2, 5, 7, 1, 3, 0, 0, 0}, {4, 4, 9, 8, 2, 6, 3, 1}});
        check(activation, a -> Models.textLstm(10, 8, 6, List.of(5), 2, a, new Adam(1e-3), 1), tokens, oneHot(2, 2),
                new long[] {2, 2});
    }

    @ParameterizedTest
    @ValueSource(strings = {"rational", "prelu", "tanh"})
    void textAttention(String activation) {
        int vocabulary = 10;
        int length = 8;
        int embedding = 6;
        int heads = 2;
        int ffSize = 7;
        int hidden = 5;
        int classes = 2;
        Function<ActivationChoice, MultiLayerConfiguration> model = a -> Models.textAttention(vocabulary, length,
                embedding, heads, ffSize, hidden, classes, a, new Adam(1e-3), 1);
        INDArray tokens = Nd4j.createFromArray(new float[][] {{2, 5, 7, 1, 3, 0, 0, 0}, {4, 4, 9, 8, 2, 6, 3, 1}});
        check(activation, model, tokens, oneHot(2, 2), new long[] {2, 2});

        MultiLayerNetwork net = new MultiLayerNetwork(model.apply(ActivationChoice.of(activation)));
        net.init();
        long expected = (long) vocabulary * embedding                     // embedding, no bias
                + 4L * embedding * embedding + 4L * embedding             // Wq, Wk, Wv, Wo and their biases
                + (long) embedding * ffSize + ffSize                       // per-step dense up
                + (long) ffSize * embedding + embedding                    // per-step dense down
                + (long) embedding * hidden + hidden                       // dense after pooling
                + (long) hidden * classes + classes                        // output
                + activationParameters(activation, ffSize) + activationParameters(activation, hidden);
        assertEquals(expected, net.numParams(), activation + ": parameters implied by the shapes");

        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1}});
        DataSet data = new DataSet(tokens, oneHot(2, 2), mask, null);
        INDArray before = net.params().dup();
        net.fit(data);
        assertTrue(Double.isFinite(net.score()) && before.distance2(net.params()) > 0, activation + ": masked step");
        INDArray padded = tokens.dup();
        padded.putScalar(0, 6, 9);
        assertEquals(net.output(tokens, false, mask, null), net.output(padded, false, mask, null),
                activation + ": tokens under the mask do not change the prediction");
    }

    /** The trainable parameters of one activation layer over {@code channels} channels. */
    private static long activationParameters(String activation, int channels) {
        switch (activation) {
            case "rational":
                return RationalSpec.paperDefault().coefficientsPerSet(); // one set per layer
            case "prelu":
                return channels;
            default:
                return 0;
        }
    }

    @ParameterizedTest
    @MethodSource("activations")
    void charLstm(String activation) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 7, 5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 2, 7, 5);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                x.putScalar(b, (b + t) % 7, t, 1);
                y.putScalar(b, (b + t + 1) % 7, t, 1);
            }
        }
        check(activation, a -> Models.charLstm(7, List.of(6, 6), a, new Adam(1e-3), 1), x, y, new long[] {2, 7, 5});
    }

    private static INDArray oneHot(int n, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1);
        }
        return y;
    }
}
