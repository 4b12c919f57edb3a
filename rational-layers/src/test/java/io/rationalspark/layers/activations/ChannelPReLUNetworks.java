package io.rationalspark.layers.activations;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * Small networks linear → {@link ChannelPReLULayer} → head, one per input rank, as MultiLayerNetwork (the PReLU is
 * layer {@value #PRELU_INDEX}) and as ComputationGraph (vertices {@value #LINEAR} → {@value #PRELU} → …):
 * <ul>
 *   <li>rank 2: Dense 5 → 6 → PReLU → Output 3, 70 examples (more than libnd4j's prelu_bp accepts);</li>
 *   <li>rank 3: SimpleRnn 3 → 4 → PReLU → RnnOutput 2 over T = {@value #TIME} steps;</li>
 *   <li>rank 4: Conv 2×2 on 1×9×9 → 4×8×8 → PReLU → max-pool 2×2 → Output 3.</li>
 * </ul>
 */
final class ChannelPReLUNetworks {

    static final int PRELU_INDEX = 1;
    static final String LINEAR = "linear";
    static final String PRELU = "prelu";
    static final int TIME = 7;
    static final int CHANNELS_RANK_4 = 4;

    private ChannelPReLUNetworks() {
    }

    static int batch(int rank) {
        return rank == 2 ? 70 : rank == 3 ? 3 : 2;
    }

    static long[] inputShape(int rank) {
        switch (rank) {
            case 2: return new long[]{batch(rank), 5};
            case 3: return new long[]{batch(rank), 3, TIME};
            case 4: return new long[]{batch(rank), 1, 9, 9};
            default: throw new IllegalArgumentException("rank " + rank);
        }
    }

    static long[] labelShape(int rank) {
        return rank == 3 ? new long[]{batch(rank), 2, TIME} : new long[]{batch(rank), 3};
    }

    static InputType inputType(int rank) {
        switch (rank) {
            case 2: return InputType.feedForward(5);
            case 3: return InputType.recurrent(3);
            case 4: return InputType.convolutional(9, 9, 1);
            default: throw new IllegalArgumentException("rank " + rank);
        }
    }

    /** linear (identity activation), PReLU, head; the PReLU takes its channel count from the input type. */
    private static List<Layer> layers(int rank) {
        ChannelPReLULayer prelu = new ChannelPReLULayer.Builder().build();
        switch (rank) {
            case 2:
                return List.of(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build(), prelu,
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                                .activation(Activation.IDENTITY).build());
            case 3:
                return List.of(new SimpleRnn.Builder().nOut(4).activation(Activation.IDENTITY).build(), prelu,
                        new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                                .activation(Activation.IDENTITY).build());
            case 4:
                return List.of(new ConvolutionLayer.Builder(2, 2).nOut(CHANNELS_RANK_4)
                                .activation(Activation.IDENTITY).build(), prelu,
                        new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
                        new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(3)
                                .activation(Activation.IDENTITY).build());
            default:
                throw new IllegalArgumentException("rank " + rank);
        }
    }

    private static NeuralNetConfiguration.Builder base(IUpdater updater, DataType dataType, long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(dataType).updater(updater)
                .weightInit(WeightInit.XAVIER);
    }

    static MultiLayerNetwork mln(int rank, IUpdater updater, DataType dataType, long seed) {
        NeuralNetConfiguration.ListBuilder list = base(updater, dataType, seed).list();
        for (Layer layer : layers(rank)) {
            list.layer(layer);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(inputType(rank)).build());
        net.init();
        return net;
    }

    static ComputationGraph graph(int rank, IUpdater updater, DataType dataType, long seed) {
        ComputationGraphConfiguration.GraphBuilder graph = base(updater, dataType, seed).graphBuilder().addInputs("in");
        List<Layer> layers = layers(rank);
        String previous = "in";
        for (int i = 0; i < layers.size(); i++) {
            String name = i == 0 ? LINEAR : i == PRELU_INDEX ? PRELU : "layer" + i;
            graph.addLayer(name, layers.get(i), previous);
            previous = name;
        }
        ComputationGraph net = new ComputationGraph(graph.setOutputs(previous).setInputTypes(inputType(rank)).build());
        net.init();
        return net;
    }

    /**
     * Multiplies the input weights {@code W} of the linear layer by 10, so that the pre-activations spread to
     * ≈ ±5 and hundreds of them can all be drawn at least {@link io.rationalspark.layers.testing.GradientChecks#KINK_MARGIN}
     * away from the kink (with Xavier weights, ≈ 2% of them fall within 0.01 of 0).
     */
    static void widenPreActivations(org.deeplearning4j.nn.api.Layer linear) {
        linear.getParam("W").muli(10);
    }

    /** Slopes that differ per channel and include a negative one: 0.25, -0.2, 0.6, 0.1, … (cycled). */
    static void distinctSlopes(org.deeplearning4j.nn.api.Layer prelu) {
        double[] pattern = {0.25, -0.2, 0.6, 0.1, 1.3, 0.05};
        INDArray alpha = prelu.getParam(ChannelPReLUParamInitializer.ALPHA);
        for (long c = 0; c < alpha.length(); c++) {
            alpha.putScalar(0, c, pattern[(int) (c % pattern.length)]);
        }
    }
}
