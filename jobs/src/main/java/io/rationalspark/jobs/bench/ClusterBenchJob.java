package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.DataConfig;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.config.ModelConfig;
import io.rationalspark.jobs.config.TrainerConfig;
import io.rationalspark.jobs.model.NetworkFactory;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainJob;
import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.ModelAveragingTrainer;
import io.rationalspark.training.PeerEngine;
import io.rationalspark.training.RoundTotals;
import io.rationalspark.training.TrainingResult;
import io.rationalspark.training.data.CachedTrainingData;
import io.rationalspark.training.data.ShardManifest;
import io.rationalspark.training.eval.DistributedEvaluation;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cluster benchmark: one network and data set trained by each engine of {@code bench.engines} (our
 * model-averaging trainer, dl4j-spark's {@code ParameterAveragingTrainingMaster}) at every point of a
 * one-factor-at-a-time sweep ({@link BenchPlan}: workers, averaging period k, data size, width) around a base point.
 * Each point and engine trains {@code trainer.epochs} epochs from the same initial network and is measured: epoch
 * time (training only), our round split (broadcast, slowest worker, aggregation, driver), examples/s, test accuracy.
 *
 * <p>Every finished measurement is saved in the run directory at once ({@code points/*.json}), so an interrupted
 * benchmark resumes where it stopped; a finished one is never overwritten. At the end {@link BenchReport} writes
 * {@code results.md}, {@code results.csv}, the plots and the fitted {@link CostModel}.
 */
public final class ClusterBenchJob {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterBenchJob.class);

    private ClusterBenchJob() {
    }

    /**
     * What the benchmark measured.
     *
     * @param measurements every measurement of the plan, engines in {@code bench.engines} order within a point
     * @param measuredNow  measurements trained by this call (the rest were read back from an interrupted run)
     * @param report       the Markdown report ({@code results.md})
     */
    public record Result(BenchPlan plan, List<Measurement> measurements, int measuredNow, BenchReport.Summary summary,
                         String report) {
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("cluster-bench", "Benchmarks our trainer against dl4j-spark over workers,"
                + " averaging period, data size and parameters.");

    public static void main(String[] args) {
        CLI.main(args, ClusterBenchJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-cluster-bench"))) {
            Result result = run(config, sc);
            String dir = config.output().requireDir();
            System.out.println();
            System.out.println(result.report());
            System.out.println("Report: " + dir + "/results.md; table: " + dir + "/results.csv; plots: " + dir
                    + "/epoch-vs-*.png");
        }
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        checkSettings(config);
        String startLoad = loadAverage();
        // the data first: a missing path must not leave a new run directory behind
        DataConfig.Shards shards = config.data().existingShards(sc.hadoopConfiguration());
        Path trainDir = shards.train();
        Path testDir = shards.test();
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        ShardManifest manifest = ShardManifest.read(trainDir.getFileSystem(sc.hadoopConfiguration()), trainDir);
        BenchPlan plan = BenchPlan.of(config.bench(), manifest.minibatches());
        int readers = Math.max(1, Math.min(sc.defaultParallelism(), (int) manifest.minibatches()));
        int mostWorkers = plan.points().stream().mapToInt(SweepPoint::workers).max().orElse(1);
        if (mostWorkers > sc.defaultParallelism()) {
            LOG.warn("{} workers but Spark's default parallelism is {}: workers will share cores", mostWorkers,
                    sc.defaultParallelism());
        }
        LOG.info("cluster benchmark: {} points × {} engines, {} training minibatches at data size ×1 (of {})",
                plan.points().size(), config.bench().engines().size(), plan.baseMinibatches(), manifest.minibatches());

        Sweep sweep = new Sweep(config, sc, manifest);
        CachedTrainingData test = CachedTrainingData.fromShards(sc, testDir.toString(), readers,
                StorageLevel.MEMORY_ONLY());
        List<Measurement> measurements = new ArrayList<>();
        int measuredNow = 0;
        CachedTrainingData train = null;
        SweepPoint loaded = null;
        try {
            if (config.bench().warmUpRounds() > 0 && !allMeasured(dir, plan, config)) {
                SweepPoint widest = warmUpPoint(plan);
                train = BenchData.firstMinibatches(sc, trainDir.toString(), plan.minibatches(widest), widest.workers(),
                        readers);
                loaded = widest;
                sweep.warmUp(widest, train);
            }
            for (SweepPoint point : plan.points()) {
                for (TrainerConfig.Engine engine : config.bench().engines()) {
                    String file = Measurement.fileName(point, engine.configName());
                    if (dir.fileSystem().exists(dir.resolve(file))) {
                        measurements.add(Measurement.fromJson(dir.readText(file)));
                        LOG.info("{} {}: already measured, read back", point.name(), engine.configName());
                        continue;
                    }
                    if (loaded == null || loaded.dataSize() != point.dataSize() || loaded.workers() != point.workers()) {
                        if (train != null) {
                            train.release();
                        }
                        train = BenchData.firstMinibatches(sc, trainDir.toString(), plan.minibatches(point),
                                point.workers(), readers);
                        loaded = point;
                    }
                    Measurement m = sweep.measure(engine, point, train, test, plan.minibatches(point));
                    dir.writeText(file, m.toJson());
                    measurements.add(m);
                    measuredNow++;
                    LOG.info(String.format(Locale.ROOT, "%s %s: epoch %.2f s, %.0f examples/s, test accuracy %.4f"
                                    + " (%d/%d)", point.name(), engine.configName(), m.epochSeconds(),
                            m.examplesPerSecond(), m.accuracy(), measurements.size(),
                            plan.points().size() * config.bench().engines().size()));
                }
            }
        } finally {
            if (train != null) {
                train.release();
            }
            test.release();
        }
        BenchReport.Context context = new BenchReport.Context(config, plan, manifest.minibatchSize(), sc.master(),
                sc.defaultParallelism(), executors(sc), startLoad, loadAverage());
        BenchReport.Summary summary = BenchReport.summarise(context, measurements);
        String report = BenchReport.write(dir, context, measurements, summary);
        dir.finish();
        return new Result(plan, List.copyOf(measurements), measuredNow, summary, report);
    }

    /**
     * Where the engines warm up: the point with the most workers (the base point's data size and k where it can), so
     * that every executor has run both engines before the first timed epoch.
     */
    static SweepPoint warmUpPoint(BenchPlan plan) {
        SweepPoint widest = plan.base();
        for (SweepPoint p : plan.points()) {
            if (p.workers() > widest.workers()) {
                widest = p;
            }
        }
        return widest;
    }

    private static boolean allMeasured(RunDirectory dir, BenchPlan plan, JobConfig config) throws IOException {
        for (SweepPoint point : plan.points()) {
            for (TrainerConfig.Engine engine : config.bench().engines()) {
                if (!dir.fileSystem().exists(dir.resolve(Measurement.fileName(point, engine.configName())))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The benchmark times whole epochs of classifiers; what it cannot measure is refused before anything runs. */
    static void checkSettings(JobConfig config) {
        // every point sets its own workers: any number reads the rest of the averaging config
        AveragingConfig averaging = config.withWorkers(1).trainer().averaging();
        if (averaging.epochs() < 1) {
            throw new JobConfigException("the cluster benchmark times whole epochs: trainer.epochs must be >= 1, got "
                    + averaging.epochs());
        }
        if (averaging.maxRounds() != 0 || averaging.timeBudget() != null) {
            throw new JobConfigException("the cluster benchmark times whole epochs: trainer.maxRounds must be 0 and"
                    + " trainer.timeBudget null, got " + averaging.maxRounds() + " and " + averaging.timeBudget());
        }
        if (config.model().kind() == ModelConfig.Kind.CHAR_LSTM) {
            throw new JobConfigException("model.kind = " + config.model().kind().configName() + ": the cluster"
                    + " benchmark measures the test accuracy of classifiers; use an image or text classifier");
        }
        if (config.bench().engines().contains(TrainerConfig.Engine.DL4J_SPARK) && PeerEngine.dl4jSpark().isEmpty()) {
            throw new JobConfigException("bench.engines = " + config.bench().engines().stream()
                    .map(TrainerConfig.Engine::configName).toList() + ": " + PeerEngine.UNAVAILABLE
                    + " (--set bench.engines=[model-averaging])");
        }
    }

    /** Trains and measures the points, holding what every measurement shares. */
    private static final class Sweep {
        private final JobConfig config;
        private final JavaSparkContext sc;
        private final NetworkFactory.DataFacts facts;
        private final ShardManifest manifest;

        Sweep(JobConfig config, JavaSparkContext sc, ShardManifest manifest) {
            this.config = config;
            this.sc = sc;
            this.facts = TrainJob.facts(manifest);
            this.manifest = manifest;
        }

        AveragingConfig averaging(SweepPoint point) {
            return config.trainer().averaging().toBuilder().workers(point.workers())
                    .averagingPeriod(point.averagingPeriod()).build();
        }

        MultiLayerNetwork network(SweepPoint point) {
            return NetworkFactory.network(config, facts, point.width(), config.trainer().averaging().seed());
        }

        /** Untimed: {@code bench.warmUpRounds} rounds of each engine at {@code point}, on its data {@code train}. */
        void warmUp(SweepPoint point, CachedTrainingData train) {
            int rounds = config.bench().warmUpRounds();
            LOG.info("warming up: {} untimed rounds of each engine at {}", rounds, point.name());
            for (TrainerConfig.Engine engine : config.bench().engines()) {
                if (engine == TrainerConfig.Engine.MODEL_AVERAGING) {
                    AveragingConfig few = averaging(point).toBuilder().epochs(0).maxRounds(rounds).build();
                    new ModelAveragingTrainer(few, List.of()).fit(sc, network(point), train);
                } else {
                    int count = (int) Math.min(Integer.MAX_VALUE, (long) rounds * point.workers()
                            * point.averagingPeriod());
                    List<DataSet> first = train.minibatches().take(count);
                    AveragingConfig oneEpoch = averaging(point).toBuilder().epochs(1).build();
                    PeerEngine.requireDl4jSpark().fit(sc, network(point), sc.parallelize(first, point.workers()), oneEpoch,
                            manifest.minibatchSize());
                }
            }
        }

        Measurement measure(TrainerConfig.Engine engine, SweepPoint point, CachedTrainingData train,
                            CachedTrainingData test, long minibatches) {
            MultiLayerNetwork net = network(point);
            AveragingConfig averaging = averaging(point);
            LOG.info("{} {}: {} parameters, {} minibatches, {} epoch(s)", point.name(), engine.configName(),
                    net.numParams(), minibatches, averaging.epochs());
            long examples = Math.min(minibatches * manifest.minibatchSize(), manifest.examples());
            TrainingResult trained;
            if (engine == TrainerConfig.Engine.MODEL_AVERAGING) {
                trained = new ModelAveragingTrainer(averaging, List.of()).fit(sc, net, train);
            } else {
                trained = PeerEngine.requireDl4jSpark().fit(sc, net, train.minibatches(), averaging,
                        manifest.minibatchSize());
            }
            double epochSeconds = trained.epochSeconds().stream().mapToDouble(Double::doubleValue).average()
                    .orElse(trained.wallSeconds() / averaging.epochs());
            double accuracy = DistributedEvaluation.classification(sc, net, test, facts.classes()).accuracy();
            RoundTotals totals = trained.totals();
            return new Measurement(engine.configName(), point, net.numParams(), minibatches, examples,
                    averaging.epochs(), epochSeconds, totals.rounds() == 0 ? Double.NaN
                    : (double) totals.rounds() / averaging.epochs(), mean(totals, totals.broadcastMs()),
                    mean(totals, totals.slowestWorkerMs()), mean(totals, totals.medianWorkerMs()),
                    mean(totals, totals.aggregationMs()), mean(totals, totals.driverMs()),
                    examples / epochSeconds, accuracy);
        }
    }

    /** A per-round mean of a summed time (NaN for an engine that reports no rounds). */
    private static double mean(RoundTotals totals, double sum) {
        return totals.rounds() == 0 ? Double.NaN : sum / totals.rounds();
    }

    private static int executors(JavaSparkContext sc) {
        int blockManagers = sc.sc().getExecutorMemoryStatus().size();
        return sc.isLocal() ? 1 : Math.max(0, blockManagers - 1);
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }
}
