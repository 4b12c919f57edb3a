package io.rationalspark.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one engine did at one point of the sweep, saved as {@code points/<point>-<engine>.json} so that a resumed
 * benchmark skips it. Times are means over the epochs and rounds; the round split is our trainer's
 * ({@code RoundStats}) and NaN for dl4j-spark, which reports epoch times only.
 *
 * @param engine            "model-averaging" or "dl4j-spark"
 * @param point             workers, k, data size and width
 * @param parameters        the network's parameter count
 * @param minibatches       training minibatches per epoch
 * @param examples          training examples per epoch
 * @param epochs            epochs trained
 * @param epochSeconds      mean wall time of an epoch (training only: data loading and evaluation excluded)
 * @param rounds            averaging rounds per epoch (ours; NaN for dl4j-spark)
 * @param broadcastMs       mean driver time creating a round's broadcast
 * @param slowestWorkerMs   mean compute time of a round's slowest worker
 * @param medianWorkerMs    mean compute time of a round's median worker
 * @param aggregationMs     mean time of a round's Spark job beyond the slowest worker (scheduling, result transfer,
 *                          the reduce)
 * @param driverMs          mean driver time after a round's job (set parameters, statistics)
 * @param examplesPerSecond training examples per second of epoch time
 * @param accuracy          test accuracy after training
 */
public record Measurement(String engine, SweepPoint point, long parameters, long minibatches, long examples, int epochs,
                          double epochSeconds, double rounds, double broadcastMs, double slowestWorkerMs,
                          double medianWorkerMs, double aggregationMs, double driverMs, double examplesPerSecond,
                          double accuracy) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Mean round wall time: broadcast + slowest worker + aggregation + driver. */
    public double roundMs() {
        return broadcastMs + slowestWorkerMs + aggregationMs + driverMs;
    }

    /** The part of a round that is communication: (broadcast + aggregation) / round. */
    public double communicationFraction() {
        return (broadcastMs + aggregationMs) / roundMs();
    }

    /** The file a finished measurement is saved in, inside the benchmark's run directory. */
    static String fileName(SweepPoint point, String engine) {
        return "points/" + point.name() + "-" + engine + ".json";
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Measurement fromJson(String json) {
        try {
            return JSON.readValue(json, Measurement.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a benchmark measurement: " + e.getMessage(), e);
        }
    }
}
