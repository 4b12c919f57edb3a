package io.rationalspark.jobs.train;

import io.rationalspark.training.TrainingData;
import io.rationalspark.training.eval.DistributedEvaluation;
import io.rationalspark.training.eval.LossSummary;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * What a run is judged by on the test data: accuracy for classifiers, perplexity for the character language
 * model; with the mean test loss either way (per example, or per character).
 */
enum TestMetric {
    ACCURACY("accuracy"),
    PERPLEXITY("perplexity");

    private final String name;

    TestMetric(String name) {
        this.name = name;
    }

    /** A metric value and the mean test loss. */
    record Value(double metric, double loss, Evaluation evaluation) {
    }

    @Override
    public String toString() {
        return name;
    }

    Value evaluate(JavaSparkContext sc, Model model, TrainingData<?> test) {
        LossSummary loss = DistributedEvaluation.loss(sc, model, test);
        if (this == PERPLEXITY) {
            return new Value(loss.perplexity().orElse(Double.NaN), loss.meanLossPerToken(), null);
        }
        Evaluation eval = DistributedEvaluation.classification(sc, model, test, outputs(model));
        return new Value(eval.accuracy(), loss.meanLossPerExample(), eval);
    }

    private static int outputs(Model model) {
        if (model instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork) {
            org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = (org.deeplearning4j.nn.multilayer.MultiLayerNetwork) model;
            return (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getOutputLayer().conf().getLayer())
                    .getNOut();
        }
        throw new IllegalArgumentException("classification metrics need a MultiLayerNetwork");
    }
}
