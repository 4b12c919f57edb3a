package io.rationalspark.jobs.train;

import io.rationalspark.jobs.config.DataConfig;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.config.ModelConfig;
import io.rationalspark.jobs.config.TrainerConfig;
import io.rationalspark.jobs.model.NetworkFactory;
import io.rationalspark.jobs.prepare.PrepareJob;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.layers.rational.RationalFunction;
import io.rationalspark.layers.rational.RationalInspection;
import io.rationalspark.layers.rational.RationalLayerImpl;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.CheckpointListener;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.PeerEngine;
import io.rationalspark.training.ProgressLogger;
import io.rationalspark.training.StatsJsonLines;
import io.rationalspark.training.checkpoint.CheckpointStore;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.data.ShardManifest;
import io.rationalspark.training.data.ShardedTrainingData;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The train job: trains the configured network on the prepared shards with the configured engine, evaluates it
 * on the test shards after every epoch, and writes its run directory: the resolved config, per-round
 * statistics ({@code rounds.jsonl}), checkpoints, the model ({@code model.zip}), the final evaluation,
 * {@code result.json} and a Markdown report (with the learned activation's plot for rational runs).
 */
public final class TrainJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

    private TrainJob() {
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("train", "Trains one network on Spark and evaluates it.");

    public static void main(String[] args) {
        CLI.main(args, TrainJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-train"))) {
            TrainResult result = run(config, sc);
            System.out.printf(Locale.ROOT, "test %s %.4f, test loss %.4f; run directory %s%n", result.metricName(),
                    result.testMetric(), result.testLoss(), config.output().requireDir());
        }
    }

    /** Facts the network must match, from the training shards' manifest. */
    public static NetworkFactory.DataFacts facts(ShardManifest manifest) {
        Map<String, String> m = manifest.metadata();
        return new NetworkFactory.DataFacts(Integer.parseInt(m.getOrDefault(PrepareJob.CLASSES, "10")),
                Integer.parseInt(m.getOrDefault(PrepareJob.VOCABULARY, "0")),
                Integer.parseInt(m.getOrDefault(PrepareJob.SEQUENCE_LENGTH, "0")));
    }

    /** Trains in {@code sc}; the run directory is {@code output.dir}. */
    public static TrainResult run(JobConfig config, JavaSparkContext sc) throws IOException {
        return run(config, sc, 1.0);
    }

    /** As {@link #run(JobConfig, JavaSparkContext)} with every hidden width multiplied by {@code widthMultiplier}. */
    public static TrainResult run(JobConfig config, JavaSparkContext sc, double widthMultiplier) throws IOException {
        long start = System.nanoTime();
        config = config.onCluster(sc);
        // the data first: a missing path must not leave a new run directory behind
        DataConfig.Shards shards = config.data().existingShards(sc.hadoopConfiguration());
        Path trainDir = shards.train();
        Path testDir = shards.test();
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        TrainerConfig trainer = config.trainer();
        AveragingConfig averaging = trainer.averaging();
        TestMetric metric = config.model().kind() == ModelConfig.Kind.CHAR_LSTM ? TestMetric.PERPLEXITY
                : TestMetric.ACCURACY;

        if (dir.resumed() && trainer.engine() == TrainerConfig.Engine.DL4J_SPARK) {
            throw dl4jSparkCannotResume(dir);
        }
        CachedTrainingData test = CachedTrainingData.fromShards(sc, testDir.toString(), averaging.workers(),
                StorageLevel.MEMORY_ONLY());
        CachedTrainingData train = null;
        try {
            ShardManifest manifest = ShardManifest.read(trainDir.getFileSystem(sc.hadoopConfiguration()), trainDir);
            MultiLayerNetwork net = NetworkFactory.network(config, facts(manifest), widthMultiplier, averaging.seed());
            RationalFunction initial = firstRational(net);
            int epochs = Math.max(1, averaging.epochs());
            EpochEvaluation perEpoch = new EpochEvaluation(sc, test, metric, epochs,
                    metric == TestMetric.PERPLEXITY ? config.data().charLm().sequenceLength() : 1);
            LOG.info("{}: {} parameters, {} on {} ({} training minibatches)", config.model().activation(),
                    net.numParams(), trainer.engine().configName(), trainDir, manifest.minibatches());
            String engine = trainer.engine().configName();
            if (trainer.engine() == TrainerConfig.Engine.DL4J_SPARK) {
                // read from the shards on the executors, one partition per worker; dl4j-spark's direct approach
                // persists this RDD itself (and refuses one that already has a storage level)
                JavaRDD<DataSet> minibatches = ShardedTrainingData.open(sc, trainDir.toString(), averaging.workers())
                        .minibatches();
                AveragingConfig oneEpoch = averaging.toBuilder().epochs(1).maxRounds(0).timeBudget(null).build();
                try {
                    for (int e = 0; e < epochs; e++) {
                        PeerEngine.requireDl4jSpark().fit(sc, net, minibatches, oneEpoch, manifest.minibatchSize());
                        perEpoch.epochEnded(net, e, 0);
                    }
                } finally {
                    minibatches.unpersist(false);
                }
            } else {
                train = CachedTrainingData.fromShards(sc, trainDir.toString(), averaging.workers(),
                        StorageLevel.MEMORY_ONLY());
                CheckpointStore store = new CheckpointStore(dir.uri("checkpoints"), sc.hadoopConfiguration(),
                        trainer.keepCheckpoints());
                ModelAveragingTrainer averagingTrainer = new ModelAveragingTrainer(averaging, List.of(
                        new ProgressLogger(), new StatsJsonLines(dir.uri("rounds.jsonl"), sc.hadoopConfiguration()),
                        new CheckpointListener(store, trainer.checkpointEvery(), Map.of("config", config.renderJson())),
                        perEpoch));
                if (dir.resumed()) {
                    averagingTrainer.fitResuming(sc, net, train, store);
                } else {
                    averagingTrainer.fit(sc, net, train);
                }
            }
            TestMetric.Value last = metric.evaluate(sc, net, test);
            if (last.evaluation() != null) {
                dir.writeText("evaluation.txt", last.evaluation().stats());
                dir.writeText("evaluation.json", last.evaluation().toJson());
            }
            ByteArrayOutputStream model = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, model, true);
            dir.writeBytes("model.zip", model.toByteArray());
            List<TrainResult.Curve> curves = curves(net, initial);
            TrainResult result = new TrainResult(config.model().activation(), averaging.seed(), engine,
                    net.numParams(), metric.toString(), last.metric(), last.loss(), (System.nanoTime() - start) / 1e9,
                    List.copyOf(perEpoch.history()), curves);
            dir.writeText("result.json", result.toJson());
            if (!curves.isEmpty()) {
                LinePlot plot = new LinePlot("learned rational activation (" + config.model().activation() + ")", "x",
                        "R(x)");
                for (TrainResult.Curve c : curves) {
                    plot.add(new LinePlot.Series(c.name(), c.x(), c.y(), c.name().startsWith("initial")));
                }
                dir.writeBytes("rational.png", plot.png());
            }
            dir.writeText("report.md", report(config, result));
            dir.finish();
            return result;
        } finally {
            if (train != null) {
                train.release();
            }
            test.release();
        }
    }

    /**
     * The dl4j-spark engine writes no checkpoints of ours (its training master keeps nothing that could be resumed
     * from), so an unfinished dl4j-spark run cannot continue; starting it again from scratch in the same directory
     * would silently mix two runs' files.
     */
    static JobConfigException dl4jSparkCannotResume(RunDirectory dir) {
        return new JobConfigException("output.dir " + dir.path() + " holds an unfinished run of trainer.engine = "
                + TrainerConfig.Engine.DL4J_SPARK.configName() + ", which writes no checkpoints and cannot resume;"
                + " delete that directory to train again from scratch, or choose another output.dir (the "
                + TrainerConfig.Engine.MODEL_AVERAGING.configName() + " engine resumes from its checkpoints)");
    }

    private static RationalFunction firstRational(MultiLayerNetwork net) {
        Map<String, RationalLayerImpl> layers = RationalInspection.rationalLayers(net);
        return layers.isEmpty() ? null : layers.values().iterator().next().coefficients().function(0);
    }

    private static List<TrainResult.Curve> curves(MultiLayerNetwork net, RationalFunction initial) {
        if (initial == null) {
            return Collections.emptyList();
        }
        List<TrainResult.Curve> curves = new ArrayList<>();
        double[] x = new double[121];
        double[] y0 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = -3 + 0.05 * i;
            y0[i] = initial.value(x[i]);
        }
        curves.add(new TrainResult.Curve("initial fit", x, y0));
        for (Map.Entry<String, RationalLayerImpl> e : RationalInspection.rationalLayers(net).entrySet()) {
            RationalInspection.Curve c = RationalInspection.sample(e.getValue(), -3, 3, x.length)[0];
            curves.add(new TrainResult.Curve("learned, layer " + e.getKey(), c.x(), c.y()));
        }
        return curves;
    }

    static String report(JobConfig config, TrainResult result) {
        StringBuilder b = new StringBuilder();
        b.append("# Training run: ").append(config.data().name().configName()).append(", ")
                .append(config.model().kind().configName()).append(", activation ").append(result.activation())
                .append("\n\n");
        b.append(String.format(Locale.ROOT, "- engine: %s; parameters: %,d; seed %d%n", result.engine(),
                result.parameters(), result.seed()));
        b.append(String.format(Locale.ROOT, "- final test %s: **%.4f**; test loss %.4f%n", result.metricName(),
                result.testMetric(), result.testLoss()));
        b.append(String.format(Locale.ROOT, "- wall time %.1f s; mean epoch %.1f s%n%n", result.wallSeconds(),
                result.meanEpochSeconds()));
        Table epochs = new Table("epoch", "seconds", "train loss", "test " + result.metricName(), "test loss");
        for (TrainResult.EpochMetrics e : result.epochs()) {
            epochs.row(e.epoch(), String.format(Locale.ROOT, "%.1f", e.seconds()),
                    String.format(Locale.ROOT, "%.4f", e.trainLoss()), String.format(Locale.ROOT, "%.4f", e.testMetric()),
                    String.format(Locale.ROOT, "%.4f", e.testLoss()));
        }
        b.append(epochs.markdown());
        if (!result.curves().isEmpty()) {
            b.append("\n![learned rational activation](rational.png)\n");
        }
        b.append("\nFiles: `config.conf` (resolved config), `rounds.jsonl` (per-round statistics), `checkpoints/`,"
                + " `model.zip`, `evaluation.txt`, `result.json`.\n");
        return b.toString();
    }
}
