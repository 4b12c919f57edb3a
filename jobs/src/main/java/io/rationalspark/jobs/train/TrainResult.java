package io.rationalspark.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What a training run reached, saved as {@code result.json} in its run directory (the compare and
 * parameter-efficiency studies read it back instead of training twice).
 *
 * @param testMetric     test accuracy (classification) or test perplexity (character language model)
 * @param testLoss       mean test loss per example (classification) or per character (language model)
 * @param curves         learned rational curves (first layer, first coefficient set) and their initial fit; empty
 *                       for fixed activations
 */
public record TrainResult(String activation, long seed, String engine, long parameters, String metricName,
                          double testMetric, double testLoss, double wallSeconds, List<EpochMetrics> epochs,
                          List<Curve> curves) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One epoch: its training time and the test metric after it; {@code rounds}: the averaging rounds completed by its
     * end, counted from the run's start (0 for dl4j-spark, which does not report them, and in results written before
     * the field existed).
     */
    public record EpochMetrics(int epoch, double seconds, double testMetric, double testLoss, double trainLoss,
                               long rounds) {
    }

    /** A sampled curve R(x). */
    public record Curve(String name, double[] x, double[] y) {
    }

    public double meanEpochSeconds() {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElse(Double.NaN);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainResult fromJson(String json) {
        try {
            return JSON.readValue(json, TrainResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a training result: " + e.getMessage(), e);
        }
    }
}
