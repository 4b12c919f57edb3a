package io.rationalspark.training;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalLayer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small networks with a rational layer and synthetic minibatches for trainer tests (also the cluster tests'). */
public final class TestNets {

    private TestNets() {
    }

    /** Dense(2→hidden) → rational → Output(2, softmax). */
    public static MultiLayerNetwork rationalMlp(IUpdater updater, DenominatorForm form, DataType type, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(type)
                .updater(updater).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build())
                .layer(new RationalLayer.Builder().name("rational").form(form).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** XOR of signs on the square: label 1 when x1·x2 > 0; not linearly separable. */
    public static List<DataSet> xorMinibatches(int minibatches, int batchSize, DataType type, long seed) {
        Random r = new Random(seed);
        List<DataSet> out = new ArrayList<>();
        for (int b = 0; b < minibatches; b++) {
            INDArray x = Nd4j.create(type, batchSize, 2);
            INDArray y = Nd4j.create(type, batchSize, 2);
            for (int i = 0; i < batchSize; i++) {
                double u = 2 * r.nextDouble() - 1;
                double v = 2 * r.nextDouble() - 1;
                x.putScalar(i, 0, u);
                x.putScalar(i, 1, v);
                y.putScalar(i, u * v > 0 ? 1 : 0, 1);
            }
            out.add(new DataSet(x, y));
        }
        return out;
    }
}
