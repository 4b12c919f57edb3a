package io.rationalspark.layers.attention;

import io.rationalspark.layers.testing.DoublePrecision;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-attention layer: its forward pass against a scalar reference of the formula, masking, parameters and
 * their regularisation, JSON and ModelSerializer round trips, float training, configuration errors.
 */
@ExtendWith(DoublePrecision.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelfAttentionLayerTest {

    /** Output of layer 0 (the first attention layer) for {@code input} and {@code mask} (or null). */
    private static INDArray attentionOutput(MultiLayerNetwork net, INDArray input, INDArray mask) {
        return net.feedForward(input, mask, null).get(1);
    }

    @ParameterizedTest(name = "heads = {0}")
    @ValueSource(ints = {1, 2})
    void forwardMatchesTheScalarFormula(int heads) {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.DOUBLE, new NoOp(), 4, heads);
        INDArray x = AttentionNetworks.input(11, 3, 4, 5);
        INDArray mask = AttentionNetworks.mask();
        Layer layer = net.getLayer(0);
        double[][][] expected = reference(x, mask, layer.paramTable(), heads);
        INDArray actual = attentionOutput(net, x, mask);
        for (int b = 0; b < 3; b++) {
            for (int s = 0; s < 4; s++) {
                for (int t = 0; t < 5; t++) {
                    assertEquals(expected[b][s][t], actual.getDouble(b, s, t), 1e-12,
                            "example " + b + ", feature " + s + ", step " + t);
                }
            }
        }
    }

    /** The layer's formula written with loops over examples, heads, queries and keys. */
    private static double[][][] reference(INDArray x, INDArray mask, java.util.Map<String, INDArray> p, int heads) {
        int batch = (int) x.size(0);
        int size = (int) x.size(1);
        int time = (int) x.size(2);
        int d = size / heads;
        double[][][] out = new double[batch][size][time];
        for (int b = 0; b < batch; b++) {
            double[][] q = project(x, b, p.get("Wq"), p.get("bq"));
            double[][] k = project(x, b, p.get("Wk"), p.get("bk"));
            double[][] v = project(x, b, p.get("Wv"), p.get("bv"));
            double[][] o = new double[time][size];
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < time; t++) {
                    double[] weights = new double[time];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u < time; u++) {
                        double s = 0;
                        for (int j = h * d; j < (h + 1) * d; j++) {
                            s += q[t][j] * k[u][j];
                        }
                        weights[u] = s / Math.sqrt(d);
                        if (mask.getDouble(b, u) > 0) {
                            max = Math.max(max, weights[u]);
                        }
                    }
                    double sum = 0;
                    for (int u = 0; u < time; u++) {
                        weights[u] = mask.getDouble(b, u) > 0 ? Math.exp(weights[u] - max) : 0;
                        sum += weights[u];
                    }
                    for (int u = 0; u < time; u++) {
                        for (int j = h * d; j < (h + 1) * d; j++) {
                            o[t][j] += weights[u] / sum * v[u][j];
                        }
                    }
                }
            }
            INDArray wo = p.get("Wo");
            for (int t = 0; t < time; t++) {
                for (int s = 0; s < size; s++) {
                    double y = x.getDouble(b, s, t) + p.get("bo").getDouble(0, s);
                    for (int j = 0; j < size; j++) {
                        y += o[t][j] * wo.getDouble(j, s);
                    }
                    out[b][s][t] = mask.getDouble(b, t) * y;
                }
            }
        }
        return out;
    }

    /** [time][size]: x_t·W + bias for every step t of example b. */
    private static double[][] project(INDArray x, int b, INDArray w, INDArray bias) {
        int size = (int) x.size(1);
        int time = (int) x.size(2);
        double[][] out = new double[time][size];
        for (int t = 0; t < time; t++) {
            for (int s = 0; s < size; s++) {
                double sum = bias.getDouble(0, s);
                for (int j = 0; j < size; j++) {
                    sum += x.getDouble(b, j, t) * w.getDouble(j, s);
                }
                out[t][s] = sum;
            }
        }
        return out;
    }

    @ParameterizedTest(name = "heads = {0}")
    @ValueSource(ints = {1, 2})
    void maskedPositionsDoNotInfluenceTheOthers(int heads) {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.DOUBLE, new NoOp(), 4, heads);
        INDArray mask = AttentionNetworks.mask();
        INDArray x = AttentionNetworks.input(21, 3, 4, 5);
        INDArray changed = x.dup();
        Random random = new Random(5);
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 5; t++) {
                if (mask.getDouble(b, t) == 0) {
                    for (int s = 0; s < 4; s++) {
                        changed.putScalar(new long[] {b, s, t}, 10 * random.nextGaussian());
                    }
                }
            }
        }
        INDArray before = attentionOutput(net, x, mask);
        INDArray after = attentionOutput(net, changed, mask);
        for (int b = 0; b < 3; b++) {
            for (int t = 0; t < 5; t++) {
                for (int s = 0; s < 4; s++) {
                    if (mask.getDouble(b, t) == 0) {
                        assertEquals(0.0, after.getDouble(b, s, t), 0.0, "masked query " + b + "/" + t + " outputs 0");
                    } else {
                        assertEquals(before.getDouble(b, s, t), after.getDouble(b, s, t), 1e-12,
                                "unmasked output " + b + "/" + s + "/" + t + " does not see masked inputs");
                    }
                }
            }
        }
        // and without the mask the same change does move the unmasked outputs: the test above can fail
        assertNotEquals(attentionOutput(net, x, null).getDouble(1, 0, 0),
                attentionOutput(net, changed, null).getDouble(1, 0, 0), 1e-6);
        // the classifier's prediction for the padded examples ignores the padding too
        assertTrue(net.output(x, false, mask, null).equalsWithEps(net.output(changed, false, mask, null), 1e-12));
    }

    @Test
    void parametersAreWeightsAndBiasesForTheUpdaters() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().l2(1e-3).list()
                .layer(new SelfAttentionLayer.Builder().heads(2).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(6))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Layer layer = net.getLayer(0);
        assertEquals(4 * 6 * 6 + 4 * 6, layer.numParams());
        assertEquals(List.of("Wq", "Wk", "Wv", "Wo", "bq", "bk", "bv", "bo"), List.copyOf(layer.paramTable().keySet()));
        SelfAttentionLayer c = (SelfAttentionLayer) layer.conf().getLayer();
        assertFalse(c.getRegularizationByParam("Wq").isEmpty(), "weights get the network's L2");
        assertTrue(c.getRegularizationByParam("bo").isEmpty(), "biases get no L2 unless configured");
        assertTrue(layer.paramTable().get("bq").eq(0.0).all(), "biases start at biasInit");
        assertTrue(layer.paramTable().get("Wk").std(true).getDouble(0) > 0, "weights start random");
    }

    @Test
    void jsonRoundTrip() {
        MultiLayerConfiguration conf = AttentionNetworks.classifier(DataType.DOUBLE, new Adam(1e-3), 4, 2)
                .getLayerWiseConfigurations();
        String json = conf.toJson();
        assertTrue(json.contains(SelfAttentionLayer.class.getName()), "the layer class is named in the JSON");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(2, ((SelfAttentionLayer) back.getConf(0).getLayer()).getHeads());
        assertEquals(MultiLayerConfiguration.fromYaml(conf.toYaml()), conf);
    }

    @Test
    void modelSerializerRoundTripGivesEqualOutputs() throws IOException {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.DOUBLE, new Adam(1e-2), 4, 2);
        INDArray x = AttentionNetworks.input(31, 3, 4, 5);
        INDArray mask = AttentionNetworks.mask();
        DataSet data = new DataSet(x, AttentionNetworks.labels(3), mask, null);
        net.fit(data); // not the initial parameters, and an updater state to save
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()),
                true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x, false, mask, null), restored.output(x, false, mask, null));
        net.fit(data);
        restored.fit(data);
        assertTrue(net.params().equalsWithEps(restored.params(), 1e-12), "the updater state was restored too");
    }

    @Test
    void trainsInFloat() {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.FLOAT, new Adam(1e-2), 8, 2);
        INDArray x = AttentionNetworks.input(41, 4, 8, 7).castTo(DataType.FLOAT);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 4, 7);
        mask.putScalar(1, 6, 0);
        DataSet data = new DataSet(x, AttentionNetworks.labels(4).castTo(DataType.FLOAT), mask, null);
        net.fit(data);
        double first = net.score();
        for (int i = 0; i < 20; i++) {
            net.fit(data);
        }
        assertEquals(DataType.FLOAT, net.output(x, false, mask, null).dataType());
        assertTrue(Double.isFinite(net.score()) && net.score() < first,
                "the loss falls in float: " + first + " -> " + net.score());
    }

    @Test
    void sizeNotDivisibleByHeadsFailsNamingBoth() {
        IllegalArgumentException direct = assertThrows(IllegalArgumentException.class,
                () -> new SelfAttentionLayer.Builder().name("att").size(6).heads(4).build());
        assertEquals("self-attention layer 'att': size 6 is not divisible by heads 4 (each head attends over"
                + " size / heads dimensions)", direct.getMessage());
        IllegalArgumentException fromInputType = assertThrows(IllegalArgumentException.class,
                () -> new NeuralNetConfiguration.Builder().list()
                        .layer(new SelfAttentionLayer.Builder().heads(3).build())
                        .layer(new GlobalPoolingLayer.Builder(PoolingType.MAX).build())
                        .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                                .build())
                        .setInputType(InputType.recurrent(8))
                        .build());
        assertTrue(fromInputType.getMessage().contains("size 8 is not divisible by heads 3"),
                fromInputType.getMessage());
        assertEquals("self-attention layer '': heads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new SelfAttentionLayer.Builder().heads(0).build())
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NeuralNetConfiguration.Builder().list()
                .layer(new SelfAttentionLayer.Builder().build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(8))
                .build()).getMessage().contains("expected recurrent input [batch, size, time]"));
    }
}
