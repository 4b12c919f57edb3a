package io.rationalspark.training.eval;

import io.rationalspark.training.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static io.rationalspark.training.eval.EvalFixtures.CLASSES;
import static io.rationalspark.training.eval.EvalFixtures.assertSameClassification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classification statistics and losses of feed-forward networks computed on Spark equal DL4J's in one process.
 */
@ExtendWith(LocalSpark.class)
class DistributedEvaluationTest {

    /** Seven minibatches of uneven sizes; parallelised into three partitions of 2, 2 and 3 minibatches. */
    private static final int[] SIZES = {5, 13, 8, 21, 3, 17, 11};
    private static final int PARTITIONS = 3;

    private static MultiLayerNetwork mlp;
    private static List<DataSet> test;

    @BeforeAll
    static void train() {
        mlp = EvalFixtures.trainedMlp();
        test = EvalFixtures.blobs(99, SIZES);
    }

    private static JavaRDD<DataSet> split(JavaSparkContext sc) {
        JavaRDD<DataSet> rdd = sc.parallelize(test, PARTITIONS);
        List<Integer> perPartition = rdd.glom().map(List::size).collect();
        assertEquals(List.of(2, 2, 3), perPartition, "minibatches per partition");
        return rdd;
    }

    @Test
    void mlpClassificationEqualsSingleProcessEvaluate(JavaSparkContext sc) {
        Evaluation expected = mlp.evaluate(new ExistingDataSetIterator(test));
        assertNonTrivial(expected);

        Evaluation distributed = DistributedEvaluation.classification(sc, mlp, split(sc), CLASSES);

        assertSameClassification(expected, distributed);
        assertSameClassification(expected, LocalEvaluation.classification(mlp, test.iterator(), CLASSES));
    }

    @Test
    void graphClassificationEqualsSingleProcessEvaluate(JavaSparkContext sc) {
        ComputationGraph graph = EvalFixtures.trainedGraph();
        Evaluation expected = graph.evaluate(new ExistingDataSetIterator(test));
        assertNonTrivial(expected);

        Evaluation distributed = DistributedEvaluation.classification(sc, graph, split(sc), CLASSES);

        assertSameClassification(expected, distributed);
        assertSameClassification(expected, LocalEvaluation.classification(graph, test.iterator(), CLASSES));
    }

    @Test
    void trainingDataOverloadsReadEveryMinibatchOfEveryPartition(JavaSparkContext sc) {
        List<List<DataSet>> split = List.of(new ArrayList<>(test.subList(0, 1)),
                new ArrayList<>(test.subList(1, 5)), new ArrayList<>(test.subList(5, 7)));
        EvalFixtures.ListTrainingData data = new EvalFixtures.ListTrainingData(sc, split);
        try {
            Evaluation expected = mlp.evaluate(new ExistingDataSetIterator(test));
            assertSameClassification(expected, DistributedEvaluation.classification(sc, mlp, data, CLASSES));

            LossSummary loss = DistributedEvaluation.loss(sc, mlp, data);
            assertEquals(sum(SIZES), loss.examples());
            assertEquals(expectedMeanScore(mlp, test), loss.meanLossPerExample(), 1e-6);
        } finally {
            data.release();
        }
    }

    @Test
    void feedForwardLossIsTheMeanScorePerExampleAndEachExampleIsOneToken(JavaSparkContext sc) {
        LossSummary loss = DistributedEvaluation.loss(sc, mlp, split(sc));

        double expected = expectedMeanScore(mlp, test);
        assertEquals(sum(SIZES), loss.examples());
        assertEquals(sum(SIZES), loss.tokens());
        assertEquals(expected, loss.meanLossPerExample(), 1e-6 * expected);
        assertEquals(expected, loss.meanLossPerToken(), 1e-6 * expected);
        assertEquals(Math.exp(expected), loss.perplexity().orElseThrow(), 1e-6 * Math.exp(expected));
        LossSummary local = LocalEvaluation.loss(mlp, test.iterator());
        assertEquals(local.meanLossPerToken(), loss.meanLossPerToken(), 1e-12 * expected);
    }

    @Test
    void noPerplexityWithoutSoftmaxCrossEntropy(JavaSparkContext sc) {
        MultiLayerConfiguration conf = EvalFixtures.base(5).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(EvalFixtures.FEATURES)
                        .nOut(CLASSES).activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork regression = new MultiLayerNetwork(conf);
        regression.init();

        LossSummary loss = DistributedEvaluation.loss(sc, regression, split(sc));

        assertTrue(loss.perplexity().isEmpty(), "perplexity of an MSE network: " + loss.perplexity());
        assertEquals(expectedMeanScore(regression, test), loss.meanLossPerExample(), 1e-5);
    }

    @Test
    void emptyDataIsAClearError(JavaSparkContext sc) {
        JavaRDD<DataSet> none = sc.emptyRDD();
        JavaRDD<DataSet> emptyPartitions = sc.parallelize(List.<DataSet>of(), 2);

        for (JavaRDD<DataSet> empty : List.of(none, emptyPartitions)) {
            IllegalArgumentException classification = assertThrows(IllegalArgumentException.class,
                    () -> DistributedEvaluation.classification(sc, mlp, empty, CLASSES));
            assertTrue(classification.getMessage().contains("no examples"), classification.getMessage());
            IllegalArgumentException loss = assertThrows(IllegalArgumentException.class,
                    () -> DistributedEvaluation.loss(sc, mlp, empty));
            assertTrue(loss.getMessage().contains("no examples"), loss.getMessage());
        }
    }

    @Test
    void numClassesThatDisagreesWithTheNetworkNamesBoth(JavaSparkContext sc) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributedEvaluation.classification(sc, mlp, split(sc), 4));

        assertTrue(e.getMessage().contains("numClasses is 4") && e.getMessage().contains("has 3 outputs"),
                e.getMessage());
    }

    @Test
    void labelsThatDisagreeWithNumClassesNameBothShapes() {
        DataSet fourColumns = new DataSet(Nd4j.rand(DataType.FLOAT, 2, EvalFixtures.FEATURES),
                Nd4j.zeros(DataType.FLOAT, 2, 4));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalEvaluation.classification(mlp, List.of(fourColumns).iterator(), CLASSES));

        assertTrue(e.getMessage().contains("numClasses is 3") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    /** Σ (score − regularisation) × examples / Σ examples: DL4J's own per-example loss, one minibatch at a time. */
    static double expectedMeanScore(MultiLayerNetwork net, List<DataSet> minibatches) {
        double total = 0;
        long examples = 0;
        for (DataSet ds : minibatches) {
            total += (net.score(ds) - net.calcRegularizationScore(true)) * ds.numExamples();
            examples += ds.numExamples();
        }
        return total / examples;
    }

    private static void assertNonTrivial(Evaluation evaluation) {
        assertTrue(evaluation.accuracy() > 0.6 && evaluation.accuracy() < 1.0,
                "the fixture should be learnable but not perfect, accuracy " + evaluation.accuracy());
        for (int c = 0; c < CLASSES; c++) {
            assertTrue(evaluation.getConfusionMatrix().getActualTotal(c) > 0, "class " + c + " is present");
        }
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
