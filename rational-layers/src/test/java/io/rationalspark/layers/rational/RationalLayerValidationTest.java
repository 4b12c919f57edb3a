package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets an exception that names the field and the value. */
class RationalLayerValidationTest {

    private static void assertMessage(Throwable t, String... parts) {
        for (String part : parts) {
            assertTrue(t.getMessage() != null && t.getMessage().contains(part),
                    "message should contain '" + part + "': " + t.getMessage());
        }
    }

    @Test
    void invalidDegreesAreRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().degrees(0, 0).build()), "rational.numeratorDegree", "got 0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().degrees(11, 2).build()), "rational.numeratorDegree", "got 11");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().degrees(3, -1).build()), "rational.denominatorDegree", "got -1");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().degrees(3, 11).build()), "rational.denominatorDegree", "got 11");
    }

    @Test
    void explicitCoefficientsMustMatchTheDegreesAndBeFinite() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().degrees(5, 4)
                        .init(RationalInit.explicit(new double[] {0, 1, 0}, new double[] {0.5})).build()),
                "degrees (2, 1)", "(5, 4)");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> RationalInit.explicit(new double[] {0, Double.NaN}, new double[0])),
                "rational.init.numerator[1]", "NaN");
    }

    @Test
    void groupCountMustDivideTheChannels() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new RationalLayer.Builder().sharing(CoefficientSharing.groups(3)).channels(4).build()),
                "rational.groups = 3", "channel count 4");
        // also when the channel count comes from the network's input type
        RationalLayer layer = new RationalLayer.Builder().sharing(CoefficientSharing.groups(3)).build();
        Throwable t = assertThrows(RuntimeException.class,
                () -> RationalNetworks.mln(2, layer, new Adam(1e-3), DataType.FLOAT, 1));
        while (t.getCause() != null && !t.getMessage().contains("rational.groups")) {
            t = t.getCause();
        }
        assertMessage(t, "rational.groups = 3", "channel count 4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> CoefficientSharing.groups(0)),
                "rational.groups must be >= 1", "got 0");
    }

    @Test
    void unknownNamesAreRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> DenominatorForm.parse("safest")),
                "rational.form", "'safest'");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> CoefficientSharing.parse("rows")),
                "rational.sharing", "'rows'");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> CoefficientSharing.parse("groups:x")),
                "groups:x");
    }

    @Test
    void invalidValuesInJsonFailWhenTheNetworkIsBuilt() {
        MultiLayerConfiguration conf = RationalNetworks.mln(2, RationalLayer.paperDefault(), new Adam(1e-3),
                DataType.FLOAT, 1).getLayerWiseConfigurations();
        String json = conf.toJson().replace("\"numeratorDegree\" : 5", "\"numeratorDegree\" : 42");
        MultiLayerConfiguration edited = MultiLayerConfiguration.fromJson(json);
        Throwable t = assertThrows(IllegalArgumentException.class, () -> new MultiLayerNetwork(edited).init());
        assertMessage(t, "rational.numeratorDegree", "got 42");
    }

    @Test
    void nonFiniteCoefficientsInALoadedModelAreNamed(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = RationalNetworks.mln(2, RationalLayer.paperDefault(), new Adam(1e-3), DataType.FLOAT, 1);
        net.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR).putScalar(0, 2, Double.NaN);
        File file = dir.resolve("bad.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        INDArray x = RationalNetworks.input(2, 2, DataType.FLOAT, 1);
        Throwable t = assertThrows(IllegalStateException.class, () -> restored.output(x));
        assertMessage(t, "rational layer", "(index 1)", "denominator coefficient b3 of set 0", "NaN");

        net.getLayer(1).getParam(RationalParamInitializer.NUMERATOR).putScalar(0, 0, Double.POSITIVE_INFINITY);
        net.getLayer(1).getParam(RationalParamInitializer.DENOMINATOR).putScalar(0, 2, 0.5);
        t = assertThrows(IllegalStateException.class, () -> net.output(x));
        assertMessage(t, "numerator coefficient a0 of set 0", "Infinity");
    }

    @Test
    void inputWithTheWrongChannelCountIsRejected() {
        MultiLayerNetwork net = RationalNetworks.mln(2, RationalLayer.paperDefault(), new Adam(1e-3), DataType.FLOAT, 1);
        RationalLayerImpl layer = (RationalLayerImpl) net.getLayer(1);
        layer.setInput(Nd4j.rand(DataType.FLOAT, 3, 7), org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        Throwable t = assertThrows(IllegalArgumentException.class,
                () -> layer.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()));
        assertMessage(t, "expected input with 4 channels", "[3, 7]");
    }
}
