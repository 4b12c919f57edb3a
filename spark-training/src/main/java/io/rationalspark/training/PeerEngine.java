package io.rationalspark.training;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.DataSet;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The peer engine trained side by side with ours: dl4j-spark's {@code ParameterAveragingTrainingMaster}
 * ({@code Dl4jSparkEngine}). dl4j-spark exists only for Scala 2.12, so only the Spark 3.5 build has it; the Spark 4
 * build ({@code -Pspark-4}) leaves that class out, and {@link #dl4jSpark()} is empty there.
 */
public interface PeerEngine {

    /** Why {@link #dl4jSpark()} is empty, for the messages of the jobs that would use it. */
    String UNAVAILABLE = "dl4j-spark is not in this build: it exists only for Scala 2.12 (Spark 3.x), and this build"
            + " is for Spark 4 / Scala 2.13 (rationalspark-jobs-spark4.jar); use the model-averaging engine, or the"
            + " Spark 3.5 build (rationalspark-jobs.jar) for side-by-side runs with dl4j-spark";

    /**
     * Fits {@code model} for {@code config.epochs()} epochs on {@code minibatches} (of {@code batchSize} examples)
     * and copies the trained parameters back into {@code model}.
     */
    TrainingResult fit(JavaSparkContext sc, Model model, JavaRDD<DataSet> minibatches, AveragingConfig config,
                       int batchSize);

    /** dl4j-spark's engine where this build has it (looked up once per JVM). */
    static Optional<PeerEngine> dl4jSpark() {
        return Lookup.DL4J_SPARK;
    }

    /** dl4j-spark's engine, or an exception saying why this build has none. */
    static PeerEngine requireDl4jSpark() {
        return dl4jSpark().orElseThrow(() -> new IllegalStateException(UNAVAILABLE));
    }

    /** The one lookup by class name, on first use. */
    final class Lookup {
        private static final Optional<PeerEngine> DL4J_SPARK = find();

        private Lookup() {
        }

        private static Optional<PeerEngine> find() {
            try {
                Class<?> engine = Class.forName("io.rationalspark.training.Dl4jSparkEngine");
                return Optional.of((PeerEngine) engine.getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            } catch (ReflectiveOperationException e) {
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                throw new IllegalStateException("dl4j-spark's engine is in this build but could not be created", cause);
            }
        }
    }
}
