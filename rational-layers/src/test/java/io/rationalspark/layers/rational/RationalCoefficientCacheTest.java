package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layer reads and checks its coefficients once per parameter update, and never misses an update. */
class RationalCoefficientCacheTest {

    private static MultiLayerNetwork net() {
        return RationalNetworks.mln(2, RationalLayer.paperDefault(), new Adam(1e-2), DataType.FLOAT, 1);
    }

    @Test
    void callsBetweenTwoUpdatesShareOneCheckedInstance() {
        MultiLayerNetwork net = net();
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        INDArray x = RationalNetworks.input(2, 8, DataType.FLOAT, 1);
        net.output(x);
        RationalCoefficients first = layer.coefficients();
        net.output(x);
        assertSame(first, layer.coefficients(), "no update between the calls: the same checked coefficients");
    }

    @Test
    void anUpdaterStepIsSeenAtTheNextCall() {
        MultiLayerNetwork net = net();
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        INDArray x = RationalNetworks.input(2, 8, DataType.FLOAT, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 2);
        labels.getColumn(0).assign(1);
        RationalCoefficients before = layer.coefficients();
        net.fit(new DataSet(x, labels));
        RationalCoefficients after = layer.coefficients();
        assertNotSame(before, after);
        double[] params = layer.getParam(RationalParamInitializer.NUMERATOR).castTo(DataType.DOUBLE).dup('c').data()
                .asDouble();
        assertArrayEquals(params, after.numerator(), "the coefficients the kernels get are the updated parameters");
        assertTrue(!java.util.Arrays.equals(before.numerator(), after.numerator()), "Adam moved the numerator");
    }

    @Test
    void parametersSetFromOutsideAreReadAndCheckedAgain() {
        MultiLayerNetwork net = net();
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        INDArray x = RationalNetworks.input(2, 8, DataType.FLOAT, 1);
        net.output(x);
        // as the trainer does after averaging: new values written into the flat parameter array
        INDArray params = net.params().dup();
        params.muli(0.5);
        net.setParams(params);
        RationalCoefficients halved = layer.coefficients();
        assertArrayEquals(layer.getParam(RationalParamInitializer.NUMERATOR).castTo(DataType.DOUBLE).dup('c').data()
                .asDouble(), halved.numerator());
        layer.getParam(RationalParamInitializer.DENOMINATOR).putScalar(0, 1, Double.NaN);
        Throwable t = assertThrows(IllegalStateException.class, () -> net.output(x));
        assertTrue(t.getMessage().contains("denominator coefficient b2 of set 0"), t.getMessage());
    }
}
