package io.rationalspark.layers.rational;

import io.rationalspark.layers.rational.fit.FitMethod;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON/YAML configuration round trips and ModelSerializer save/restore with updater state. */
class RationalLayerSerializationTest {

    private static RationalLayer customLayer() {
        return new RationalLayer.Builder().name("rat").degrees(4, 3).form(DenominatorForm.PLAIN)
                .sharing(CoefficientSharing.groups(2)).init(RationalNetworks.nonDegenerateInit(4, 3)).build();
    }

    private static RationalLayer fittedLayer() {
        return new RationalLayer.Builder().name("rat").degrees(3, 2).form(DenominatorForm.SAFE_ABS_POLYNOMIAL)
                .sharing(CoefficientSharing.perChannel())
                .init(RationalInit.fit("leakyrelu:0.01", -2, 2, FitMethod.MINIMAX)).build();
    }

    @Test
    void multiLayerConfigurationRoundTripsThroughJsonAndYaml() {
        for (RationalLayer layer : new RationalLayer[] {customLayer(), fittedLayer(), RationalLayer.paperDefault()}) {
            MultiLayerConfiguration conf = RationalNetworks.mln(4, layer, new Adam(1e-2), DataType.FLOAT, 1)
                    .getLayerWiseConfigurations();
            MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
            assertEquals(conf, fromJson);
            assertEquals(conf.getConf(1).getLayer(), fromJson.getConf(1).getLayer());
            assertEquals(((RationalLayer) conf.getConf(1).getLayer()).spec(),
                    ((RationalLayer) fromJson.getConf(1).getLayer()).spec());
            MultiLayerConfiguration fromYaml = MultiLayerConfiguration.fromYaml(conf.toYaml());
            assertEquals(conf, fromYaml);
        }
    }

    @Test
    void graphConfigurationRoundTripsThroughJsonAndYaml() {
        ComputationGraphConfiguration conf = RationalNetworks.graph(3, customLayer(), new Adam(1e-2), DataType.FLOAT, 1)
                .getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, ComputationGraphConfiguration.fromYaml(conf.toYaml()));
    }

    @Test
    void jsonNamesTheLayerClassAndItsFields() {
        String json = RationalNetworks.mln(2, customLayer(), new Adam(1e-2), DataType.FLOAT, 1)
                .getLayerWiseConfigurations().toJson();
        assertTrue(json.contains(RationalLayer.class.getName()), json);
        assertTrue(json.contains("\"numeratorDegree\" : 4"), json);
        assertTrue(json.contains("\"form\" : \"PLAIN\""), json);
    }

    private static DataSet batch(int rank, long seed) {
        return new DataSet(RationalNetworks.input(rank, 8, DataType.FLOAT, seed),
                RationalNetworks.labels(rank, 8, DataType.FLOAT, seed));
    }

    @Test
    void modelSerializerRestoresParamsUpdaterStateAndOutputs(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = RationalNetworks.mln(4, customLayer(), new Adam(1e-2), DataType.FLOAT, 3);
        INDArray initial = net.params().dup();
        for (int i = 0; i < 5; i++) {
            net.fit(batch(4, i));
        }
        assertNotEquals(initial, net.params(), "training must move the parameters");
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray probe = RationalNetworks.input(4, 4, DataType.FLOAT, 99);
        assertEquals(net.output(probe), restored.output(probe));
        // the same next step from the same state: proves the updater state (Adam moments) came back
        net.fit(batch(4, 50));
        restored.fit(batch(4, 50));
        assertEquals(net.params(), restored.params());
    }

    @Test
    void computationGraphRestoresThroughModelSerializer(@TempDir Path dir) throws IOException {
        ComputationGraph net = RationalNetworks.graph(2, fittedLayer(), new Adam(1e-2), DataType.FLOAT, 4);
        for (int i = 0; i < 3; i++) {
            net.fit(batch(2, i));
        }
        File file = dir.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray probe = RationalNetworks.input(2, 4, DataType.FLOAT, 98);
        assertEquals(net.outputSingle(probe), restored.outputSingle(probe));
    }
}
