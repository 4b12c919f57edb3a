package io.rationalspark.training.eval;

import io.rationalspark.training.LocalSpark;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static io.rationalspark.training.eval.EvalFixtures.assertSameClassification;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A char-level LSTM language model with padded, masked sequences: per-token loss and perplexity on Spark equal
 * DL4J's own sums in one process, and padded time steps are not tokens.
 */
@ExtendWith(LocalSpark.class)
class SequenceEvaluationTest {

    private static final int VOCABULARY = 5;
    private static final int MAX_LENGTH = 8;
    /** Sequence lengths per minibatch; the first and fourth minibatches are unpadded and carry no mask. */
    private static final int[][] LENGTHS = {{8, 8, 8}, {8, 5, 3, 6}, {2, 8}, {8, 8, 8, 8, 8}, {7, 1, 4}};

    private static MultiLayerNetwork lstm;
    private static List<DataSet> test;

    @BeforeAll
    static void train() {
        lstm = EvalFixtures.charLstm(VOCABULARY, RNNFormat.NCW);
        List<DataSet> train = EvalFixtures.sequences(1, VOCABULARY, MAX_LENGTH, LENGTHS);
        for (int epoch = 0; epoch < 20; epoch++) {
            train.forEach(lstm::fit);
        }
        test = EvalFixtures.sequences(2, VOCABULARY, MAX_LENGTH, LENGTHS);
    }

    @Test
    void perTokenLossAndPerplexityEqualDl4jSumsOverUnmaskedSteps(JavaSparkContext sc) {
        LossSummary loss = DistributedEvaluation.loss(sc, lstm, sc.parallelize(test, 3));

        long tokens = 0;
        long positions = 0;
        long examples = 0;
        for (int[] batch : LENGTHS) {
            for (int length : batch) {
                tokens += length;
                positions += MAX_LENGTH;
                examples++;
            }
        }
        assertTrue(tokens < positions, "the fixture must pad");
        assertEquals(tokens, loss.tokens(), "tokens are the unmasked steps, not the padded positions");
        assertEquals(examples, loss.examples());

        double total = 0;
        double regularisation = 0;
        for (DataSet ds : test) {
            double reg = lstm.calcRegularizationScore(true);
            total += (lstm.score(ds) - reg) * ds.numExamples();
            regularisation += reg * ds.numExamples();
        }
        assertTrue(regularisation > 1e-4 * total, "L2 must be large enough to notice it was left out");
        assertEquals(total, negativeLogLikelihood(lstm, test), 1e-9 * total, "DL4J's score is -log p summed over unmasked steps");

        double perToken = total / tokens;
        assertEquals(total / examples, loss.meanLossPerExample(), 1e-6 * total / examples);
        assertEquals(perToken, loss.meanLossPerToken(), 1e-6 * perToken);
        assertEquals(Math.exp(perToken), loss.perplexity().orElseThrow(), 1e-6 * Math.exp(perToken));
        assertTrue(loss.perplexity().orElseThrow() < VOCABULARY, "trained: better than uniform guessing, got "
                + loss.perplexity());
        double perPosition = total / positions;
        assertTrue(Math.abs(Math.exp(perPosition) - loss.perplexity().orElseThrow()) > 0.05,
                "counting padded steps would give a visibly different perplexity");

        LossSummary local = LocalEvaluation.loss(lstm, test.iterator());
        assertEquals(local.tokens(), loss.tokens());
        assertEquals(local.meanLossPerToken(), loss.meanLossPerToken(), 1e-12 * perToken);
    }

    @Test
    void labelsUnderTheMaskDoNotCount(JavaSparkContext sc) {
        List<DataSet> relabelled = new ArrayList<>();
        for (DataSet ds : test) {
            INDArray labels = ds.getLabels().dup();
            INDArray mask = ds.getLabelsMaskArray();
            if (mask != null) {
                for (int i = 0; i < labels.size(0); i++) {
                    for (int t = 0; t < MAX_LENGTH; t++) {
                        if (mask.getDouble(i, t) == 0) {
                            labels.putScalar(new long[]{i, 0, t}, 0);
                            labels.putScalar(new long[]{i, 3, t}, 1);
                        }
                    }
                }
            }
            relabelled.add(new DataSet(ds.getFeatures(), labels, ds.getFeaturesMaskArray(), mask));
        }

        LossSummary original = DistributedEvaluation.loss(sc, lstm, sc.parallelize(test, 3));
        LossSummary changed = DistributedEvaluation.loss(sc, lstm, sc.parallelize(relabelled, 3));

        assertEquals(original.meanLossPerToken(), changed.meanLossPerToken(), 1e-12 * original.meanLossPerToken());
        assertEquals(original.tokens(), changed.tokens());
    }

    @Test
    void sequenceClassificationEqualsSingleProcessEvaluate(JavaSparkContext sc) {
        Evaluation expected = lstm.evaluate(new ExistingDataSetIterator(test));

        Evaluation distributed = DistributedEvaluation.classification(sc, lstm, sc.parallelize(test, 3), VOCABULARY);

        assertSameClassification(expected, distributed);
        assertEquals(LocalEvaluation.loss(lstm, test.iterator()).tokens(), distributed.getNumRowCounter(),
                "one row per unmasked time step");
    }

    @Test
    void channelsLastNetworkGivesTheSameResults(JavaSparkContext sc) {
        MultiLayerNetwork nwc = EvalFixtures.charLstm(VOCABULARY, RNNFormat.NWC);
        nwc.setParams(lstm.params());
        List<DataSet> nwcTest = EvalFixtures.toNwc(test);
        JavaRDD<DataSet> nwcData = sc.parallelize(nwcTest, 3);

        LossSummary expected = LocalEvaluation.loss(lstm, test.iterator());
        LossSummary actual = DistributedEvaluation.loss(sc, nwc, nwcData);
        assertEquals(expected.tokens(), actual.tokens());
        assertEquals(expected.meanLossPerToken(), actual.meanLossPerToken(), 1e-9 * expected.meanLossPerToken());

        assertSameClassification(lstm.evaluate(new ExistingDataSetIterator(test)),
                DistributedEvaluation.classification(sc, nwc, nwcData, VOCABULARY));
    }

    @Test
    void nonBinaryLabelMaskIsRejected() {
        DataSet ds = test.get(1).copy();
        ds.getLabelsMaskArray().putScalar(0, 0, 0.5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalEvaluation.loss(lstm, List.of(ds).iterator()));

        assertTrue(e.getMessage().contains("only 0 and 1"), e.getMessage());
    }

    /** Σ −log p(label) over the unmasked steps, from the network's probabilities. */
    private static double negativeLogLikelihood(MultiLayerNetwork net, List<DataSet> minibatches) {
        double total = 0;
        for (DataSet ds : minibatches) {
            INDArray out = net.output(ds.getFeatures(), false, ds.getFeaturesMaskArray(), ds.getLabelsMaskArray());
            INDArray labels = ds.getLabels();
            INDArray mask = ds.getLabelsMaskArray();
            for (int i = 0; i < labels.size(0); i++) {
                for (int t = 0; t < labels.size(2); t++) {
                    if (mask != null && mask.getDouble(i, t) == 0) {
                        continue;
                    }
                    for (int c = 0; c < labels.size(1); c++) {
                        if (labels.getDouble(i, c, t) == 1) {
                            total -= Math.log(out.getDouble(i, c, t));
                        }
                    }
                }
            }
        }
        return total;
    }
}
