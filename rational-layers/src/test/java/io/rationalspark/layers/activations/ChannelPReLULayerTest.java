package io.rationalspark.layers.activations;

import io.rationalspark.layers.testing.GradientChecks;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ChannelPReLULayer} in float and double: forward, input gradient and slope gradients against the scalar
 * definition at ranks 2–4 and sizes DL4J's own PReLU cannot backpropagate; one slope trained per channel and never
 * regularised; JSON and ModelSerializer round trips; input validation; dropout; and a LeNet-like network that fits.
 */
class ChannelPReLULayerTest {

    private static final int CHANNELS = 5;
    private static final double[] SLOPES = {0.25, -0.2, 0.6, 0.1, 1.3};
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private static InputType inputType(int rank, int channels) {
        switch (rank) {
            case 2: return InputType.feedForward(channels);
            case 3: return InputType.recurrent(channels);
            case 4: return InputType.convolutional(24, 24, channels);
            default: throw new IllegalArgumentException("rank " + rank);
        }
    }

    /** Sizes beyond libnd4j's prelu_bp limit of 64 values per slope. */
    private static long[] shape(int rank) {
        switch (rank) {
            case 2: return new long[]{70, CHANNELS};
            case 3: return new long[]{3, CHANNELS, 40};
            case 4: return new long[]{8, CHANNELS, 24, 24};
            default: throw new IllegalArgumentException("rank " + rank);
        }
    }

    /** A network holding only a PReLU layer, with {@link #SLOPES}. */
    private static Layer preluAlone(int rank, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(dataType).list()
                .layer(new ChannelPReLULayer.Builder().build())
                .setInputType(inputType(rank, CHANNELS))
                .build());
        net.init();
        net.initGradientsView();
        Layer prelu = net.getLayer(0);
        prelu.setParam(ChannelPReLUParamInitializer.ALPHA, Nd4j.createFromArray(SLOPES).reshape(1, CHANNELS)
                .castTo(dataType));
        return prelu;
    }

    /** Uniform in [-3, 3], with every 17th value exactly 0 (where the slope applies, as in PyTorch). */
    private static INDArray inputWithZeros(long[] shape, DataType dataType, char order, long seed) {
        INDArray x = GradientChecks.uniform(new Random(seed), -3, 3, shape).castTo(DataType.DOUBLE);
        INDArray flat = x.reshape(x.length());
        for (long i = 0; i < flat.length(); i += 17) {
            flat.putScalar(i, 0.0);
        }
        return flat.reshape(shape).castTo(dataType).dup(order);
    }

    private static long channelOf(long flatIndex, long[] shape) {
        long inner = 1;
        for (int d = 2; d < shape.length; d++) {
            inner *= shape[d];
        }
        return flatIndex / inner % shape[1];
    }

    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {2, 3, 4})
    void forwardAndGradientsMatchTheScalarDefinition(int rank) {
        long[] shape = shape(rank);
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            double tolerance = dataType == DataType.FLOAT ? 1e-5 : 1e-12;
            for (char order : new char[]{'c', 'f'}) {
                String what = "rank " + rank + " " + dataType + " " + order;
                Layer prelu = preluAlone(rank, dataType);
                INDArray x = inputWithZeros(shape, dataType, order, rank);
                INDArray g = GradientChecks.uniform(new Random(10 + rank), -1, 1, shape).castTo(dataType).dup(order);
                prelu.setInput(x, NO_WORKSPACES);
                INDArray y = prelu.activate(true, NO_WORKSPACES);
                Pair<Gradient, INDArray> backprop = prelu.backpropGradient(g, NO_WORKSPACES);
                assertArrayEquals(shape, y.shape(), what);
                assertEquals(dataType, y.dataType(), what);
                assertEquals(dataType, backprop.getSecond().dataType(), what);

                double[] xs = flatC(x);
                double[] gs = flatC(g);
                double[] ys = flatC(y);
                double[] dxs = flatC(backprop.getSecond());
                double[] slopeGrad = new double[CHANNELS];
                for (int i = 0; i < xs.length; i++) {
                    int c = (int) channelOf(i, shape);
                    double slope = xs[i] > 0 ? 1 : SLOPES[c];
                    assertEquals(slope * xs[i], ys[i], tolerance * (1 + Math.abs(xs[i])), what + " y at " + i);
                    assertEquals(slope * gs[i], dxs[i], tolerance, what + " dL/dx at " + i);
                    slopeGrad[c] += xs[i] <= 0 ? gs[i] * xs[i] : 0;
                }
                double[] actual = backprop.getFirst().getGradientFor(ChannelPReLUParamInitializer.ALPHA)
                        .toDoubleVector();
                for (int c = 0; c < CHANNELS; c++) {
                    assertEquals(slopeGrad[c], actual[c], 10 * tolerance * (1 + Math.abs(slopeGrad[c])),
                            what + " dL/dalpha_" + c);
                }
            }
        }
    }

    private static double[] flatC(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /**
     * PReLU → head, trained by one SGD step with L2 on: inputs positive everywhere except channel 2, so only α_2
     * may move; the others keep exactly their initial 0.25 (no gradient, and no L2 on slopes).
     */
    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {2, 3, 4})
    void onlyNegativeInputsOfAChannelMoveItsSlope(int rank) {
        int channels = 4;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT)
                .updater(new Sgd(0.5)).l2(0.5).weightInit(WeightInit.XAVIER).list()
                .layer(new ChannelPReLULayer.Builder().build());
        if (rank == 4) {
            list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
        }
        long[] shape = rank == 2 ? new long[]{8, channels} : rank == 3 ? new long[]{8, channels, 6}
                : new long[]{8, channels, 5, 5};
        if (rank == 3) {
            list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                    .activation(Activation.IDENTITY).build());
        } else {
            list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                    .activation(Activation.IDENTITY).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(inputType(rank, channels)).build());
        net.init();

        INDArray x = GradientChecks.uniform(new Random(4), 0.1, 1, shape).castTo(DataType.FLOAT);
        INDArray channel2 = x.get(NDArrayIndex.all(), NDArrayIndex.point(2));
        channel2.subi(0.6); // values in [-0.5, 0.4]: some negative
        long[] labelShape = rank == 3 ? new long[]{8, 2, 6} : new long[]{8, 2};
        INDArray labels = GradientChecks.uniform(new Random(5), -1, 1, labelShape).castTo(DataType.FLOAT);

        net.fit(new DataSet(x, labels));
        float[] slopes = net.getLayer(0).getParam(ChannelPReLUParamInitializer.ALPHA).toFloatVector();
        assertEquals(0.25f, slopes[0], "alpha_0");
        assertEquals(0.25f, slopes[1], "alpha_1");
        assertEquals(0.25f, slopes[3], "alpha_3");
        assertTrue(Math.abs(slopes[2] - 0.25f) > 1e-4, "alpha_2 should move: " + Arrays.toString(slopes));
    }

    private static MultiLayerConfiguration convConfiguration(double initialSlope) {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build())
                .layer(new ChannelPReLULayer.Builder().name("slopes").initialSlope(initialSlope).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(8, 8, 2))
                .build();
    }

    @Test
    void configurationSurvivesJsonWithItsInitialSlope() {
        MultiLayerConfiguration conf = convConfiguration(0.1);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, restored);
        ChannelPReLULayer layer = (ChannelPReLULayer) restored.getConf(1).getLayer();
        assertEquals(0.1, layer.getInitialSlope());
        assertEquals(3, layer.channels());
        assertNotEquals(convConfiguration(0.2), restored, "equality must see the initial slope");

        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .graphBuilder().addInputs("in")
                .addLayer("prelu", new ChannelPReLULayer.Builder().initialSlope(-0.5).build(), "in")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "prelu")
                .setOutputs("out").setInputTypes(InputType.recurrent(4))
                .build();
        assertEquals(graph, ComputationGraphConfiguration.fromJson(graph.toJson()));
        ComputationGraph net = new ComputationGraph(graph);
        net.init();
        assertArrayEquals(new float[]{-0.5f, -0.5f, -0.5f, -0.5f},
                net.getLayer("prelu").getParam(ChannelPReLUParamInitializer.ALPHA).toFloatVector());
    }

    @Test
    void modelSerializerRestoresTrainedSlopes() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(convConfiguration(0.25));
        net.init();
        INDArray x = GradientChecks.uniform(new Random(7), -1, 1, 4, 2, 8, 8).castTo(DataType.FLOAT);
        INDArray labels = GradientChecks.uniform(new Random(8), -1, 1, 4, 2).castTo(DataType.FLOAT);
        for (int i = 0; i < 3; i++) {
            net.fit(new DataSet(x, labels));
        }
        INDArray slopes = net.getLayer(1).getParam(ChannelPReLUParamInitializer.ALPHA).dup();
        assertTrue(slopes.sub(0.25).amaxNumber().doubleValue() > 1e-4, "training moves the slopes: " + slopes);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(slopes, restored.getLayer(1).getParam(ChannelPReLUParamInitializer.ALPHA));
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x), restored.output(x));
    }

    @Test
    void rejectsInputWithOtherChannelCountsOrRanks() {
        Layer prelu = preluAlone(2, DataType.FLOAT);
        for (long[] shape : new long[][]{{3, CHANNELS + 1}, {3, CHANNELS - 1, 4}, {2, CHANNELS, 2, 2, 2}, {CHANNELS}}) {
            prelu.setInput(Nd4j.ones(DataType.FLOAT, shape), NO_WORKSPACES);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> prelu.activate(false, NO_WORKSPACES), Arrays.toString(shape));
            assertTrue(e.getMessage().contains(CHANNELS + " channels on dimension 1")
                    && e.getMessage().contains(Arrays.toString(shape)), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ChannelPReLULayer.Builder().initialSlope(Double.NaN).build());
    }

    @Test
    void dropoutAppliesToTheInputInTrainingOnly() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(9)
                .dataType(DataType.FLOAT).list()
                .layer(new ChannelPReLULayer.Builder().dropOut(0.5).build())
                .setInputType(InputType.convolutional(10, 10, 3))
                .build());
        net.init();
        net.initGradientsView();
        Layer prelu = net.getLayer(0);
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 3, 10, 10);
        prelu.setInput(x.dup(), NO_WORKSPACES);
        assertEquals(x, prelu.activate(false, NO_WORKSPACES), "inference: no dropout");

        prelu.setInput(x.dup(), NO_WORKSPACES);
        INDArray y = prelu.activate(true, NO_WORKSPACES);
        long zeros = y.eq(0).castTo(DataType.INT).sumNumber().longValue();
        long twos = y.eq(2).castTo(DataType.INT).sumNumber().longValue();
        assertEquals(y.length(), zeros + twos, "inverted dropout with retain probability 0.5: values 0 or 2");
        assertTrue(zeros > 0.3 * y.length() && twos > 0.3 * y.length(), zeros + " dropped of " + y.length());
        INDArray gradIn = prelu.backpropGradient(Nd4j.onesLike(x), NO_WORKSPACES).getSecond();
        assertEquals(y, gradIn, "the gradient passes where the input was kept, scaled alike");
    }

    /**
     * conv 5×5 (4 channels) on 1×28×28 → PReLU → max-pool → dense → PReLU → softmax output, in float, fits a
     * minibatch of 32: 32 × 24 × 24 values per slope, far beyond what DL4J's own PReLU can backpropagate.
     */
    @Test
    void leNetLikeNetworkFitsAMinibatch() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(11)
                .dataType(DataType.FLOAT).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(4).activation(Activation.IDENTITY).build())
                .layer(FixedActivation.PRELU.layer(InputType.convolutional(24, 24, 4)))
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(20).activation(Activation.IDENTITY).build())
                .layer(FixedActivation.PRELU.layer(InputType.feedForward(20)))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 1, 28, 28);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        DataSet batch = new DataSet(x, labels);
        net.fit(batch);
        double first = net.score();
        for (int i = 0; i < 20; i++) {
            net.fit(batch);
        }
        assertTrue(Double.isFinite(first) && net.score() < first, "loss " + first + " -> " + net.score());
        for (int layer : new int[]{1, 4}) {
            INDArray slopes = net.getLayer(layer).getParam(ChannelPReLUParamInitializer.ALPHA);
            assertTrue(slopes.sub(0.25).amaxNumber().doubleValue() > 1e-4, "layer " + layer + " slopes " + slopes);
        }
        assertArrayEquals(new long[]{32, 10}, net.output(x).shape());
    }
}
