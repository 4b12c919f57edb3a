package io.rationalspark.layers.attention;

import io.rationalspark.layers.testing.GradientChecks;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import java.util.Random;

/** Small networks and data around the self-attention layer, for the tests of this package. */
final class AttentionNetworks {

    static final int CLASSES = 3;

    private AttentionNetworks() {
    }

    /**
     * Two self-attention layers (so that the first one's parameter gradients depend on the second's input
     * gradient) → masked mean over time → softmax over {@link #CLASSES}.
     */
    static MultiLayerNetwork classifier(DataType dataType, IUpdater updater, int size, int heads) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(dataType)
                .updater(updater).weightInit(WeightInit.XAVIER).biasInit(0.1)
                .list()
                .layer(new SelfAttentionLayer.Builder().heads(heads).build())
                .layer(new SelfAttentionLayer.Builder().heads(heads).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(size))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Seeded input [batch, size, time] uniform in [-1, 1]. */
    static INDArray input(long seed, long batch, long size, long time) {
        return GradientChecks.uniform(new Random(seed), -1, 1, batch, size, time);
    }

    /** One-hot labels [batch, {@link #CLASSES}]. */
    static INDArray labels(int batch) {
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), batch, CLASSES);
        for (int i = 0; i < batch; i++) {
            y.putScalar(i, i % CLASSES, 1);
        }
        return y;
    }

    /**
     * A feature mask [3, 5]: example 0 fully present, example 1 padded after 3 steps, example 2 with a gap at
     * step 1 and padded after 4 steps.
     */
    static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 1, 1, 0}})
                .castTo(Nd4j.defaultFloatingPointType());
    }
}
