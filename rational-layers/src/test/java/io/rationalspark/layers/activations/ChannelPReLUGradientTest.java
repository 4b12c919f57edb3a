package io.rationalspark.layers.activations;

import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.Random;

/**
 * DL4J gradient checks, in double, of {@link ChannelPReLULayer} at ranks 2, 3 and 4 in MultiLayerNetwork and
 * ComputationGraph ({@link ChannelPReLUNetworks}), with slopes that differ per channel (so a slope broadcast along
 * the wrong dimension fails) and pre-activations at least {@link GradientChecks#KINK_MARGIN} away from the kink.
 * The sizes are beyond what DL4J's own PReLU can backpropagate (see {@link Dl4jQuirksTest}).
 */
@ExtendWith(DoublePrecision.class)
class ChannelPReLUGradientTest {

    @ParameterizedTest(name = "MLN rank {0}")
    @ValueSource(ints = {2, 3, 4})
    void multiLayerNetwork(int rank) {
        MultiLayerNetwork net = ChannelPReLUNetworks.mln(rank, new NoOp(), DataType.DOUBLE, 40 + rank);
        ChannelPReLUNetworks.widenPreActivations(net.getLayer(0));
        ChannelPReLUNetworks.distinctSlopes(net.getLayer(ChannelPReLUNetworks.PRELU_INDEX));
        INDArray input = GradientChecks.kinkFreeInput(net, 0, 50 + rank, ChannelPReLUNetworks.inputShape(rank));
        INDArray labels = GradientChecks.uniform(new Random(60 + rank), -1, 1, ChannelPReLUNetworks.labelShape(rank));
        GradientChecks.assertGradientsMatch("ChannelPReLU MLN rank " + rank, net, input, labels);
    }

    @ParameterizedTest(name = "CG rank {0}")
    @ValueSource(ints = {2, 3, 4})
    void computationGraph(int rank) {
        ComputationGraph net = ChannelPReLUNetworks.graph(rank, new NoOp(), DataType.DOUBLE, 70 + rank);
        ChannelPReLUNetworks.widenPreActivations(net.getLayer(ChannelPReLUNetworks.LINEAR));
        ChannelPReLUNetworks.distinctSlopes(net.getLayer(ChannelPReLUNetworks.PRELU));
        INDArray input = GradientChecks.kinkFreeInput(net, ChannelPReLUNetworks.LINEAR, 80 + rank,
                ChannelPReLUNetworks.inputShape(rank));
        INDArray labels = GradientChecks.uniform(new Random(90 + rank), -1, 1, ChannelPReLUNetworks.labelShape(rank));
        GradientChecks.assertGradientsMatch("ChannelPReLU CG rank " + rank, net, input, labels);
    }
}
