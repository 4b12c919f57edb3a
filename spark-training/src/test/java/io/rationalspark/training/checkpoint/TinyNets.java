package io.rationalspark.training.checkpoint;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.training.Networks;
import io.rationalspark.training.RoundStats;
import io.rationalspark.training.RoundTotals;
import io.rationalspark.training.TrainerState;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test fixtures: tiny Adam-trained networks (Dense(4→5) → Output(3)), data, trainer states, and comparisons. */
final class TinyNets {

    private TinyNets() {
    }

    static MultiLayerNetwork multiLayer(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ComputationGraph graph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01))
                .graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** Dense(4→5, identity) → rational (paper default) → Output(3): the coefficients live in the parameters. */
    static MultiLayerNetwork rational(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.01)).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.IDENTITY).build())
                .layer(new RationalLayer.Builder().channels(5).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(5).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet data(long seed) {
        Random random = new Random(seed);
        float[][] features = new float[8][4];
        float[][] labels = new float[8][3];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                features[i][j] = (float) random.nextGaussian();
            }
            labels[i][random.nextInt(3)] = 1;
        }
        return new DataSet(Nd4j.create(features), Nd4j.create(labels));
    }

    /** Fits {@code steps} minibatches, so that the parameters and Adam's moments are far from their start. */
    static <M extends Model> M train(M model, int steps, long seed) {
        for (int i = 0; i < steps; i++) {
            Networks.fit(model, data(seed + i));
        }
        return model;
    }

    /** A state with two rounds of history, one with NaN / infinite values and -0.0. */
    static TrainerState state(long nextRound) {
        RoundStats first = new RoundStats(nextRound - 2, 0, 1, 2, 64, 1.0986122886681098, 0.5, 12.25, 11.0, 3.75,
                0.1, 12.5, 5120.333333333333, Map.of("layer1", 0.125, "layer3", 1e-300),
                Map.of("layer1", 1.0000000000000002, "layer3", Double.MIN_VALUE));
        RoundStats second = new RoundStats(nextRound - 1, 1, 5, 2, 320, Double.NaN, -0.0,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.PI, Math.E, 4.9e-324, 1.7976931348623157E308,
                Map.of("layer1", Double.NaN), Map.of());
        return new TrainerState(TrainerState.FORMAT_VERSION, nextRound, 1, 7, 6, 42,
                RoundTotals.NONE.plus(first).plus(second), List.of(first, second), null);
    }

    static double[] params(Model model) {
        return model.params().toDoubleVector();
    }

    static double[] updaterState(Model model) {
        INDArray state = Networks.updaterState(model);
        assertNotNull(state, "the network has no updater state");
        return state.toDoubleVector();
    }

    static String configuration(Model model) {
        return Networks.blueprint(model).json();
    }

    /**
     * Asserts that {@code loaded} is {@code expected} restored: same type, configuration, parameters and updater
     * state (bit for bit), and one more Adam step on both gives the same parameters.
     */
    static void assertSameNetwork(Model expected, Model loaded) {
        assertEquals(expected.getClass(), loaded.getClass());
        assertEquals(configuration(expected), configuration(loaded));
        assertArrayEquals(params(expected), params(loaded), 0.0, "parameters");
        double[] updater = updaterState(expected);
        assertTrue(java.util.Arrays.stream(updater).anyMatch(v -> v != 0), "fixture: Adam state should be non-zero");
        assertArrayEquals(updater, updaterState(loaded), 0.0, "updater state");
        DataSet next = data(999);
        Networks.fit(expected, next);
        Networks.fit(loaded, next);
        assertArrayEquals(params(expected), params(loaded), 1e-7, "parameters after one more step");
    }
}
