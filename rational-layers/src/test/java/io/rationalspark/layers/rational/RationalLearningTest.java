package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rational MLP learns XOR-of-signs on the square (label = x1·x2 &gt; 0), which no linear model can, and its
 * coefficients move while it learns.
 */
class RationalLearningTest {

    private static DataSet xor(int n, long seed) {
        Random r = new Random(seed);
        INDArray features = Nd4j.create(DataType.FLOAT, n, 2);
        INDArray labels = Nd4j.create(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            double a = 2 * r.nextDouble() - 1;
            double b = 2 * r.nextDouble() - 1;
            features.putScalar(i, 0, a);
            features.putScalar(i, 1, b);
            labels.putScalar(i, a * b > 0 ? 1 : 0, 1);
        }
        return new DataSet(features, labels);
    }

    private static MultiLayerNetwork network(boolean rational) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT)
                .updater(new Adam(0.02)).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.IDENTITY).build());
        if (rational) {
            list.layer(RationalLayer.paperDefault());
        }
        MultiLayerConfiguration conf = list
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double train(MultiLayerNetwork net, DataSet train, DataSet test) {
        List<DataSet> batches = train.batchBy(32);
        for (int epoch = 0; epoch < 60; epoch++) {
            for (DataSet batch : batches) {
                net.fit(batch);
            }
        }
        Evaluation eval = new Evaluation(2);
        eval.eval(test.getLabels(), net.output(test.getFeatures()));
        return eval.accuracy();
    }

    @Test
    void rationalMlpLearnsWhatALinearModelCannot() {
        DataSet train = xor(1024, 1);
        DataSet test = xor(512, 2);

        MultiLayerNetwork rational = network(true);
        RationalCoefficients before = ((RationalLayerImpl) rational.getLayer(1)).coefficients();
        double rationalAccuracy = train(rational, train, test);
        RationalCoefficients after = ((RationalLayerImpl) rational.getLayer(1)).coefficients();
        double linearAccuracy = train(network(false), train, test);

        assertTrue(rationalAccuracy >= 0.95, "rational MLP accuracy " + rationalAccuracy);
        assertTrue(linearAccuracy <= 0.75, "a linear model should not solve XOR, got accuracy " + linearAccuracy);
        double moved = 0;
        for (int i = 0; i < before.numerator().length; i++) {
            moved += Math.abs(before.numerator()[i] - after.numerator()[i]);
        }
        for (int i = 0; i < before.denominator().length; i++) {
            moved += Math.abs(before.denominator()[i] - after.denominator()[i]);
        }
        assertTrue(moved > 0.05, "rational coefficients should move while learning, total |change| = " + moved);
        System.out.printf("XOR accuracy: rational %.3f, linear %.3f; coefficient change %.3f%n",
                rationalAccuracy, linearAccuracy, moved);
    }
}
