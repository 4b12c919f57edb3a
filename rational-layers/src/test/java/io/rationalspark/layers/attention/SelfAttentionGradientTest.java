package io.rationalspark.layers.attention;

import io.rationalspark.layers.testing.DoublePrecision;
import io.rationalspark.layers.testing.GradientChecks;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's finite-difference gradient check of networks containing the self-attention layer: every weight and bias
 * of both attention layers (the lower one's through the upper one's input gradient) and of the output layer.
 */
@ExtendWith(DoublePrecision.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelfAttentionGradientTest {

    @ParameterizedTest(name = "heads = {0}")
    @ValueSource(ints = {1, 2})
    void withoutMask(int heads) {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.DOUBLE, new NoOp(), 4, heads);
        GradientChecks.assertGradientsMatch("self-attention, heads " + heads, net,
                AttentionNetworks.input(1, 3, 4, 5), AttentionNetworks.labels(3));
    }

    @ParameterizedTest(name = "heads = {0}")
    @ValueSource(ints = {1, 2})
    void withMask(int heads) {
        MultiLayerNetwork net = AttentionNetworks.classifier(DataType.DOUBLE, new NoOp(), 4, heads);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net).input(AttentionNetworks.input(2, 3, 4, 5)).labels(AttentionNetworks.labels(3))
                .inputMask(AttentionNetworks.mask())
                .epsilon(GradientChecks.EPSILON).maxRelError(GradientChecks.MAX_REL_ERROR)
                .minAbsoluteError(GradientChecks.MIN_ABS_ERROR).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed: self-attention with a mask, heads " + heads);
    }

    @Test
    void inComputationGraph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).biasInit(0.1)
                .graphBuilder()
                .addInputs("in")
                .addLayer("attention", new SelfAttentionLayer.Builder().heads(2).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "attention")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(AttentionNetworks.CLASSES)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .setInputTypes(InputType.recurrent(4))
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray input = AttentionNetworks.input(3, 2, 4, 6);
        GradientChecks.assertGradientsMatch("self-attention in a ComputationGraph", net, input,
                AttentionNetworks.labels(2));
    }
}
