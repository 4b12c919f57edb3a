package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Small test networks with a rational layer between a linear layer (dense, recurrent or convolutional,
 * chosen by the input rank) and an output layer, with matching random inputs and labels.
 */
public final class RationalNetworks {

    public static final int CHANNELS = 4;

    private RationalNetworks() {
    }

    /**
     * Coefficients with no zero b (so |b| has no kink) and a denominator that matters, dominated by its
     * even powers so that the plain form has no pole for |x| &lt; 8 (gradient checks near a pole are noise).
     */
    public static RationalInit nonDegenerateInit(int m, int n) {
        double[] a = new double[m + 1];
        double[] b = new double[n];
        for (int k = 0; k <= m; k++) {
            a[k] = 0.3 - 0.17 * k + (k == 1 ? 0.8 : 0);
        }
        for (int j = 0; j < n; j++) {
            b[j] = j % 2 == 1 ? 0.5 / j : 0.1 / (j + 1);
        }
        return RationalInit.explicit(a, b);
    }

    public static InputType inputType(int rank) {
        switch (rank) {
            case 2: return InputType.feedForward(5);
            case 3: return InputType.recurrent(3, 6);
            case 4: return InputType.convolutional(5, 5, 2);
            default: throw new IllegalArgumentException("rank " + rank);
        }
    }

    private static Layer linear(int rank) {
        switch (rank) {
            case 2: return new DenseLayer.Builder().nOut(CHANNELS).activation(Activation.IDENTITY).build();
            case 3: return new SimpleRnn.Builder().nOut(CHANNELS).activation(Activation.IDENTITY).build();
            default: return new ConvolutionLayer.Builder(2, 2).nOut(CHANNELS).activation(Activation.IDENTITY).build();
        }
    }

    private static Layer output(int rank) {
        if (rank == 3) {
            return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                    .build();
        }
        return new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build();
    }

    public static MultiLayerNetwork mln(int rank, RationalLayer rational, IUpdater updater, DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER)
                .list()
                .layer(linear(rank))
                .layer(rational)
                .layer(output(rank))
                .setInputType(inputType(rank))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static ComputationGraph graph(int rank, RationalLayer rational, IUpdater updater, DataType type, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .addLayer("linear", linear(rank), "in")
                .addLayer("rational", rational, "linear")
                .addLayer("out", output(rank), "rational")
                .setOutputs("out")
                .setInputTypes(inputType(rank))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    public static INDArray input(int rank, int batch, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        switch (rank) {
            case 2: return Nd4j.randn(type, batch, 5);
            case 3: return Nd4j.randn(type, batch, 3, 6);
            default: return Nd4j.randn(type, batch, 2, 5, 5);
        }
    }

    public static INDArray labels(int rank, int batch, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed + 1);
        return rank == 3 ? Nd4j.randn(type, batch, 2, 6) : Nd4j.randn(type, batch, 2);
    }
}
