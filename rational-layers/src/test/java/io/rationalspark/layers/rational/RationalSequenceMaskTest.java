package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rational layer on masked sequences [batch, size, time] with a feature mask [batch, time] (padded text, as
 * the IMDB models feed it): masked steps output 0, the others R(x), and training runs. DL4J's own mask handling
 * for layers fails on this shape.
 */
class RationalSequenceMaskTest {

    @Test
    void maskedStepsOutputZeroAndTrainingRuns() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT)
                .updater(new Adam(1e-2)).list()
                .layer(new SimpleRnn.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 5).subi(0.5);
        INDArray mask = Nd4j.createFromArray(new float[][] {{1, 1, 1, 0, 0}, {1, 1, 1, 1, 1}});
        INDArray rational = net.feedForward(x, mask, null).get(2);
        for (int t = 0; t < 5; t++) {
            for (int c = 0; c < 4; c++) {
                if (t >= 3) {
                    assertEquals(0.0, rational.getDouble(0, c, t), 0.0, "masked step " + t);
                }
                assertNotEquals(0.0, rational.getDouble(1, c, t), "unmasked step " + t);
            }
        }
        net.fit(new DataSet(x, Nd4j.rand(DataType.FLOAT, 2, 2, 5), mask, mask));
        assertTrue(Double.isFinite(net.score()));
    }
}
