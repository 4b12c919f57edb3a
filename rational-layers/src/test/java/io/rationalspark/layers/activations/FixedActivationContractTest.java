package io.rationalspark.layers.activations;

import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The battery every fixed activation goes through, each in DenseLayer(identity) → activation layer →
 * OutputLayer(MSE): shape and dtype, values against {@link ScalarReference}, JSON and ModelSerializer round
 * trips into a fresh network, DL4J's gradient check in double precision, and a NaN fuzz on huge inputs.
 */
@ExtendWith(DoublePrecision.class)
class FixedActivationContractTest {

    private static final int N_IN = 4;
    private static final int SIZE = 5;
    private static final int N_OUT = 3;
    private static final int BATCH = 4;

    static MultiLayerConfiguration configuration(FixedActivation activation, DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(dataType)
                .updater(new NoOp())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(N_IN).nOut(SIZE).activation(Activation.IDENTITY).build())
                .layer(activation.layer(InputType.feedForward(SIZE)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(N_OUT)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(N_IN))
                .build();
    }

    static MultiLayerNetwork network(FixedActivation activation, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(activation, dataType));
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void outputHasExpectedShapeAndDataType(FixedActivation activation) {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            MultiLayerNetwork net = network(activation, dataType);
            INDArray input = GradientChecks.uniform(new Random(1), -1, 1, BATCH, N_IN).castTo(dataType);
            List<INDArray> activations = net.feedForward(input, false);
            INDArray activated = activations.get(2);
            INDArray output = activations.get(3);
            assertArrayEquals(new long[]{BATCH, SIZE}, activated.shape(), activation + " " + dataType);
            assertArrayEquals(new long[]{BATCH, N_OUT}, output.shape(), activation + " " + dataType);
            assertEquals(dataType, activated.dataType(), activation + " activation layer dtype");
            assertEquals(dataType, output.dataType(), activation + " output dtype");
            assertEquals(dataType, net.output(input).dataType(), activation + " output() dtype");
        }
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void layerComputesTheScalarDefinition(FixedActivation activation) {
        MultiLayerNetwork net = network(activation, DataType.DOUBLE);
        INDArray input = GradientChecks.uniform(new Random(2), -3, 3, BATCH, N_IN);
        // Copies: in inference DL4J's ActivationLayer overwrites its input array with the activations.
        INDArray preActivation = net.feedForwardToLayer(0, input.dup(), false).get(1).dup();
        INDArray activated = net.feedForward(input.dup(), false).get(2);
        assertNotEquals(preActivation, activated, "the activation must change something");
        for (int row = 0; row < BATCH; row++) {
            double[] expected = ScalarReference.apply(activation, preActivation.getRow(row).toDoubleVector());
            double[] actual = activated.getRow(row).toDoubleVector();
            for (int c = 0; c < SIZE; c++) {
                assertEquals(expected[c], actual[c], 1e-7 * (1 + Math.abs(expected[c])),
                        activation + " at z=" + preActivation.getDouble(row, c));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void configurationSurvivesJson(FixedActivation activation) {
        MultiLayerConfiguration conf = configuration(activation, DataType.FLOAT);
        String json = conf.toJson();
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, restored, activation + " JSON:\n" + json);
        Layer layer = restored.getConf(1).getLayer();
        assertEquals(activation.layer(InputType.feedForward(SIZE)).getClass(), layer.getClass());
        assertEquals(conf.getConf(1).getLayer(), layer);
        FixedActivation other = FixedActivation.values()[(activation.ordinal() + 1) % FixedActivation.values().length];
        assertNotEquals(configuration(other, DataType.FLOAT), restored, "equality must tell " + activation + " from " + other);
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void modelSerializerRestoresParametersAndOutputs(FixedActivation activation) throws IOException {
        MultiLayerNetwork net = network(activation, DataType.FLOAT);
        // Parameters unlike any initialisation, so a restore that re-initialises cannot pass.
        net.setParams(GradientChecks.uniform(new Random(3), -1, 1, 1, net.numParams()).castTo(DataType.FLOAT));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);

        assertNotSame(net, restored);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.params(), restored.params(), activation + " parameters");
        INDArray input = GradientChecks.uniform(new Random(4), -2, 2, BATCH, N_IN).castTo(DataType.FLOAT);
        assertEquals(net.output(input), restored.output(input), activation + " outputs");
    }

    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void gradientsMatchFiniteDifferences(FixedActivation activation) {
        MultiLayerNetwork net = network(activation, DataType.DOUBLE);
        INDArray input = GradientChecks.kinkFreeInput(net, 0, 5, BATCH, N_IN);
        INDArray labels = GradientChecks.uniform(new Random(6), -1, 1, BATCH, N_OUT);
        GradientChecks.assertGradientsMatch(activation + " (rank 2)", net, input, labels);
    }

    /**
     * The activation applied straight to inputs in [-1e4, 1e4], in float and double: outputs and the gradient
     * with respect to the input are finite for all 15. None legitimately overflows there: the softmax family
     * subtracts the maximum; ELU, CELU, SELU, LogSigmoid and this package's Softplus, SiLU and Mish exponentiate
     * only non-positive numbers; Sigmoid and Tanh saturate; ReLU, LeakyReLU and PReLU are piecewise linear.
     * (DL4J's own Softplus, Swish and Mish fail this test; see {@link Dl4jQuirksTest}.)
     */
    @ParameterizedTest
    @EnumSource(FixedActivation.class)
    void hugeInputsGiveFiniteOutputsAndGradients(FixedActivation activation) {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(7).dataType(dataType).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                    .list()
                    .layer(activation.layer(InputType.feedForward(SIZE)))
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(N_OUT)
                            .activation(Activation.IDENTITY).build())
                    .setInputType(InputType.feedForward(SIZE))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            Random random = new Random(8);
            for (int trial = 0; trial < 5; trial++) {
                INDArray input = GradientChecks.uniform(random, -1e4, 1e4, BATCH, SIZE).castTo(dataType);
                INDArray activated = net.feedForward(input.dup(), false).get(1);
                assertAllFinite(activation + " " + dataType + " output", input, activated);
                INDArray labels = GradientChecks.uniform(random, -1, 1, BATCH, N_OUT).castTo(dataType);
                Pair<Gradient, INDArray> gradients = net.calculateGradients(input.dup(), labels, null, null);
                assertAllFinite(activation + " " + dataType + " dL/dinput", input, gradients.getSecond());
            }
        }
    }

    private static void assertAllFinite(String what, INDArray input, INDArray values) {
        double[] v = values.dup().ravel().toDoubleVector();
        double[] x = input.dup().ravel().toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            int at = i;
            assertTrue(Double.isFinite(v[i]), () -> what + " is " + v[at] + " at index " + at + " (input there "
                    + (at < x.length ? x[at] : Double.NaN) + ")");
        }
    }
}
