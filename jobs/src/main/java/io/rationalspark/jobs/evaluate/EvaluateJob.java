package io.rationalspark.jobs.evaluate;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.config.ModelConfig;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.eval.DistributedEvaluation;
import io.rationalspark.training.eval.LossSummary;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The evaluate job: loads {@code model.zip} from the run directory {@code output.dir} (written by the train
 * job) and evaluates it on the test shards {@code data.test} with distributed evaluation: accuracy,
 * precision/recall/F1 and the confusion matrix for classifiers, loss and perplexity for the language model.
 * Writes {@code evaluation-<test directory name>.txt} into the run directory (temp name, then rename).
 */
public final class EvaluateJob {

    /** What the evaluation found; {@code evaluation} is null for the language model. */
    public record Result(double metric, String metricName, LossSummary loss, Evaluation evaluation, String report) {
    }

    private EvaluateJob() {
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("evaluate", "Evaluates the model of a finished train run on test shards.");

    public static void main(String[] args) {
        CLI.main(args, EvaluateJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-evaluate"))) {
            System.out.println(run(config, sc).report());
        }
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        Path testDir = config.data().existingTest(sc.hadoopConfiguration());
        Path runDir = new Path(config.output().requireDir());
        FileSystem fs = runDir.getFileSystem(sc.hadoopConfiguration());
        Path modelFile = new Path(runDir, "model.zip");
        if (!fs.exists(modelFile)) {
            throw new JobConfigException("output.dir: no model.zip in " + runDir
                    + " (evaluate reads the model a finished train run wrote there)");
        }
        MultiLayerNetwork net;
        try (InputStream in = fs.open(modelFile)) {
            net = ModelSerializer.restoreMultiLayerNetwork(in, false);
        } catch (RuntimeException | IOException e) {
            throw new JobConfigException("output.dir: the model " + modelFile
                    + " cannot be read (damaged or not a DL4J model): " + e.getMessage(), e);
        }
        CachedTrainingData test = CachedTrainingData.fromShards(sc, testDir.toString(),
                config.trainer().averaging().workers(), StorageLevel.MEMORY_ONLY());
        try {
            LossSummary loss = DistributedEvaluation.loss(sc, net, test);
            Result result;
            if (config.model().kind() == ModelConfig.Kind.CHAR_LSTM) {
                double perplexity = loss.perplexity().orElse(Double.NaN);
                result = new Result(perplexity, "perplexity", loss, null, String.format(Locale.ROOT,
                        "test perplexity %.4f, loss per character %.4f, %d characters%n", perplexity,
                        loss.meanLossPerToken(), loss.tokens()));
            } else {
                int classes = (int) ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) net.getOutputLayer().conf()
                        .getLayer()).getNOut();
                Evaluation eval = DistributedEvaluation.classification(sc, net, test, classes);
                result = new Result(eval.accuracy(), "accuracy", loss, eval, String.format(Locale.ROOT,
                        "test accuracy %.4f, macro F1 %.4f, loss per example %.4f, %d examples%n%s", eval.accuracy(),
                        eval.f1(), loss.meanLossPerExample(), loss.examples(), eval.stats()));
            }
            Path out = new Path(runDir, "evaluation-" + testDir.getName() + ".txt");
            Path tmp = new Path(runDir, ".evaluation-" + testDir.getName() + ".txt.tmp");
            try (FSDataOutputStream o = fs.create(tmp, true)) {
                o.write(("model: " + modelFile + "\ntest data: " + testDir + "\n" + result.report())
                        .getBytes(StandardCharsets.UTF_8));
            }
            fs.delete(out, false);
            if (!fs.rename(tmp, out)) {
                throw new IOException("cannot rename " + tmp + " to " + out);
            }
            return result;
        } finally {
            test.release();
        }
    }
}
