package io.rationalspark.training.eval;

import io.rationalspark.training.TrainingData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small generated data sets, networks and a list-backed {@link TrainingData} for the evaluation tests. */
final class EvalFixtures {

    static final int FEATURES = 4;
    static final int CLASSES = 3;

    private EvalFixtures() {
    }

    /**
     * Three overlapping Gaussian blobs in 4-d, one minibatch per size: a trained classifier gets most but not all
     * examples right.
     */
    static List<DataSet> blobs(long seed, int... minibatchSizes) {
        Random random = new Random(seed);
        List<DataSet> minibatches = new ArrayList<>();
        for (int size : minibatchSizes) {
            INDArray features = Nd4j.create(DataType.FLOAT, size, FEATURES);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, size, CLASSES);
            for (int i = 0; i < size; i++) {
                int c = random.nextInt(CLASSES);
                labels.putScalar(i, c, 1);
                for (int j = 0; j < FEATURES; j++) {
                    double centre = j == c ? 1.0 : (j == 3 ? 0.5 * c : 0.0);
                    features.putScalar(i, j, centre + 0.7 * random.nextGaussian());
                }
            }
            minibatches.add(new DataSet(features, labels));
        }
        return minibatches;
    }

    static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(0.02));
    }

    static MultiLayerNetwork trainedMlp() {
        MultiLayerConfiguration conf = base(11).list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(12).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<DataSet> train = blobs(1, 32, 32, 32, 32, 32, 32, 32, 32);
        for (int epoch = 0; epoch < 15; epoch++) {
            train.forEach(net::fit);
        }
        return net;
    }

    static ComputationGraph trainedGraph() {
        ComputationGraphConfiguration conf = base(12).graphBuilder()
                .addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(FEATURES).nOut(12).activation(Activation.TANH)
                        .build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(12).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out")
                .build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        List<DataSet> train = blobs(2, 32, 32, 32, 32, 32, 32, 32, 32);
        for (int epoch = 0; epoch < 15; epoch++) {
            train.forEach(net::fit);
        }
        return net;
    }

    /** A char-level LSTM language model over {@code vocabulary} symbols, double precision, with L2. */
    static MultiLayerNetwork charLstm(int vocabulary, RNNFormat format) {
        MultiLayerConfiguration conf = base(13).dataType(DataType.DOUBLE).l2(1e-3).list()
                .layer(new LSTM.Builder().nIn(vocabulary).nOut(10).activation(Activation.TANH)
                        .dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(10).nOut(vocabulary)
                        .activation(Activation.SOFTMAX).dataFormat(format).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Next-symbol sequences: minibatch k has {@code lengths[k]} sequences with those lengths, padded to the
     * longest of all ({@code maxLength}); a minibatch whose sequences all have length maxLength carries no masks,
     * the others carry equal feature and label masks [batch, time]. Padded label steps hold class 0 (a real
     * class) so that counting them would change the loss.
     */
    static List<DataSet> sequences(long seed, int vocabulary, int maxLength, int[][] lengths) {
        Random random = new Random(seed);
        List<DataSet> minibatches = new ArrayList<>();
        for (int[] batch : lengths) {
            int size = batch.length;
            INDArray features = Nd4j.zeros(DataType.DOUBLE, size, vocabulary, maxLength);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, size, vocabulary, maxLength);
            INDArray mask = Nd4j.zeros(DataType.DOUBLE, size, maxLength);
            boolean padded = false;
            for (int i = 0; i < size; i++) {
                int symbol = random.nextInt(vocabulary);
                for (int t = 0; t < maxLength; t++) {
                    // mostly "next symbol = symbol + 1", sometimes a random jump: learnable, not trivial
                    int next = random.nextDouble() < 0.8 ? (symbol + 1) % vocabulary : random.nextInt(vocabulary);
                    if (t < batch[i]) {
                        features.putScalar(new long[]{i, symbol, t}, 1);
                        labels.putScalar(new long[]{i, next, t}, 1);
                        mask.putScalar(i, t, 1);
                    } else {
                        labels.putScalar(new long[]{i, 0, t}, 1);
                        padded = true;
                    }
                    symbol = next;
                }
            }
            minibatches.add(padded ? new DataSet(features, labels, mask, mask) : new DataSet(features, labels));
        }
        return minibatches;
    }

    /** Every minibatch of a list, NCW arrays permuted to NWC. */
    static List<DataSet> toNwc(List<DataSet> minibatches) {
        List<DataSet> nwc = new ArrayList<>();
        for (DataSet ds : minibatches) {
            nwc.add(new DataSet(ds.getFeatures().permute(0, 2, 1).dup(), ds.getLabels().permute(0, 2, 1).dup(),
                    ds.getFeaturesMaskArray(), ds.getLabelsMaskArray()));
        }
        return nwc;
    }

    static void assertSameClassification(Evaluation expected, Evaluation actual) {
        assertEquals(expected.getNumRowCounter(), actual.getNumRowCounter(), "rows");
        assertEquals(expected.getConfusionMatrix(), actual.getConfusionMatrix(), "confusion matrix");
        assertEquals(expected.accuracy(), actual.accuracy(), "accuracy");
        assertEquals(expected.precision(), actual.precision(), "precision");
        assertEquals(expected.recall(), actual.recall(), "recall");
        assertEquals(expected.f1(), actual.f1(), "f1");
        int classes = expected.getConfusionMatrix().getClasses().size();
        for (int c = 0; c < classes; c++) {
            assertEquals(expected.precision(c), actual.precision(c), "precision of class " + c);
            assertEquals(expected.recall(c), actual.recall(c), "recall of class " + c);
            assertEquals(expected.f1(c), actual.f1(c), "f1 of class " + c);
        }
    }

    /** Each partition is one list of minibatches; a worker reads a range of it. */
    static final class ListTrainingData implements TrainingData<List<DataSet>> {
        private final JavaRDD<List<DataSet>> partitions;
        private final long[] counts;

        ListTrainingData(JavaSparkContext sc, List<List<DataSet>> split) {
            this.partitions = sc.parallelize(split, split.size());
            this.counts = split.stream().mapToLong(List::size).toArray();
        }

        @Override
        public JavaRDD<List<DataSet>> partitions() {
            return partitions;
        }

        @Override
        public long[] minibatchesPerPartition() {
            return counts.clone();
        }

        @Override
        public PartitionAccess<List<DataSet>> access() {
            return new ListAccess();
        }

        @Override
        public void release() {
            partitions.unpersist();
        }
    }

    static final class ListAccess implements TrainingData.PartitionAccess<List<DataSet>> {
        @Override
        public Iterator<DataSet> minibatches(int partition, Iterator<List<DataSet>> elements, long from, long to) {
            List<DataSet> all = elements.next();
            return all.subList((int) from, (int) to).iterator();
        }
    }
}
