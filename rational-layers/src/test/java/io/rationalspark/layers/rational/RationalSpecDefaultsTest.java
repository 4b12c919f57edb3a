package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.fit.FitMethod;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The defaults live in RationalSpec.paperDefault(); every way of getting a default layer agrees with it. */
class RationalSpecDefaultsTest {

    @Test
    void paperDefaultIsThePauPreset() {
        RationalSpec spec = RationalSpec.paperDefault();
        assertEquals(5, spec.numeratorDegree());
        assertEquals(4, spec.denominatorDegree());
        assertEquals(DenominatorForm.SAFE_ABS_TERMS, spec.form());
        assertEquals(CoefficientSharing.layer(), spec.sharing());
        assertEquals(RationalInit.fit("leakyrelu:0.01", -3, 3, FitMethod.LEAST_SQUARES), spec.init());
    }

    @Test
    void everyDefaultLayerHasThePaperSpec() {
        assertEquals(RationalSpec.paperDefault(), new RationalLayer().spec());
        assertEquals(RationalSpec.paperDefault(), new RationalLayer.Builder().build().spec());
        assertEquals(RationalSpec.paperDefault(), RationalLayer.paperDefault().spec());
    }

    /** The network of the README's example builds and runs, with the parameter counts it implies. */
    @Test
    void readmeExampleBuilds() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(new Adam(1e-3))
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new RationalLayer.Builder()
                        .degrees(3, 2)
                        .form(DenominatorForm.SAFE_ABS_POLYNOMIAL)
                        .sharing(CoefficientSharing.perChannel())
                        .init(RationalInit.fit("relu", -3, 3, FitMethod.MINIMAX))
                        .updater(new Adam(5e-4))
                        .build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(100).activation(Activation.IDENTITY).build())
                .layer(RationalLayer.paperDefault())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(20 * 6, net.getLayer(1).numParams(), "per-channel (3,2): 20 sets of 6 coefficients");
        assertEquals(10, net.getLayer(4).numParams(), "paper default: one set of 10 coefficients");
        assertArrayEquals(new long[] {2, 10}, net.output(Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28)).shape());
    }
}
