package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.LocalSgdConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainResult;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The local-SGD study: how much accuracy model averaging costs, and what an outer optimizer buys back. Every cell
 * (workers W, averaging period k, outer optimizer) of {@code study.localSgd} trains the configured model for
 * {@code trainer.epochs} epochs with {@code study.seeds} seeds, against one worker with the same epochs and seeds
 * (single-process training: with one worker a round is k sequential minibatch steps and the "average" is that
 * worker's parameters, so the run is DL4J's own sequential fit over the data).
 *
 * <p>Writes {@code local-sgd.md} (the table: test accuracy mean ± std, the gap to single-process training in points,
 * rounds per epoch and the communication saved against k = 1, seconds per epoch), {@code runs.csv}, and the plots
 * {@code accuracy-vs-rounds.png} and {@code accuracy-vs-time.png} for the largest worker count.
 *
 * <p>Resumable: each run has its own directory under {@code runs/}, and a finished one is read back, never retrained.
 * With {@code output.stopAfter} the study starts no new run after that long, writes the report of the runs done so
 * far (marked partial) and leaves the study unfinished, so the next start continues it.
 */
public final class LocalSgdStudyJob {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSgdStudyJob.class);

    private LocalSgdStudyJob() {
    }

    /** One cell of the grid: W workers, period k, an outer optimizer; {@code workers == 1} is the baseline. */
    public record Cell(int workers, int period, LocalSgdConfig.Outer outer) {
        boolean baseline() {
            return workers == 1;
        }

        String name() {
            return baseline() ? "single" : "w" + workers + "-k" + period + "-" + outer.slug();
        }

        String label() {
            return baseline() ? "single process" : String.format(Locale.ROOT, "W=%d k=%d %s", workers, period,
                    outer.spec());
        }
    }

    /** A cell's runs, one per seed done. */
    public record CellResult(Cell cell, List<TrainResult> runs) {
        public Stats accuracy() {
            return Stats.of(runs.stream().map(TrainResult::testMetric).toList());
        }

        /** Rounds of the first run divided by its epochs. */
        public double roundsPerEpoch() {
            List<TrainResult.EpochMetrics> epochs = runs.get(0).epochs();
            return epochs.isEmpty() ? Double.NaN : (double) epochs.get(epochs.size() - 1).rounds() / epochs.size();
        }

        public double secondsPerEpoch() {
            return Stats.of(runs.stream().map(TrainResult::meanEpochSeconds).toList()).mean();
        }
    }

    /** What the study found; {@code complete} is false when {@code output.stopAfter} cut it short. */
    public record Result(List<CellResult> cells, boolean complete, String report) {
        public Optional<CellResult> cell(int workers, int period, String outerSpec) {
            return cells.stream().filter(c -> c.cell().workers() == workers && c.cell().period() == period
                    && (workers == 1 || c.cell().outer().spec().equals(outerSpec))).findFirst();
        }
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("local-sgd", "The local-SGD study: averaging period and outer optimizer against"
                + " single-process training.");

    public static void main(String[] args) {
        CLI.main(args, LocalSgdStudyJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-local-sgd"))) {
            Result result = run(config, sc);
            String dir = config.output().requireDir();
            System.out.println();
            System.out.println(result.report());
            System.out.println("Table: " + dir + "/local-sgd.md (and runs.csv); plots: " + dir
                    + "/accuracy-vs-rounds.png, " + dir + "/accuracy-vs-time.png");
            if (!result.complete()) {
                System.out.println("Stopped after output.stopAfter: run the same command again to continue the study.");
            }
        }
    }

    /** The grid in run order: for each seed the baseline first, then every cell, so that partial studies compare. */
    static List<Cell> cells(LocalSgdConfig grid) {
        List<Cell> cells = new ArrayList<>();
        int maxPeriod = grid.averagingPeriods().stream().mapToInt(Integer::intValue).max().orElse(1);
        cells.add(new Cell(1, maxPeriod, grid.outers().get(0)));
        for (int workers : grid.workers()) {
            for (int k : grid.averagingPeriods()) {
                for (LocalSgdConfig.Outer outer : grid.outers()) {
                    cells.add(new Cell(workers, k, outer));
                }
            }
        }
        return cells;
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        // the data first: a missing path must not leave a new study directory behind
        config.data().existingShards(sc.hadoopConfiguration());
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        LocalSgdConfig grid = config.study().localSgd();
        List<Cell> cells = cells(grid);
        int seeds = config.study().seeds();
        StudyRuns runs = new StudyRuns(sc, dir.path().toString(), cells.size() * seeds, config.output().stopAfter());
        // a few rounds first, untimed, so that JIT compilation and Spark's warm-up do not land on the first cell
        runs.warmUp(config);
        Map<Cell, List<TrainResult>> results = new LinkedHashMap<>();
        for (Cell cell : cells) {
            results.put(cell, new ArrayList<>());
        }
        boolean complete = true;
        long baseSeed = config.trainer().seed();
        study:
        for (int i = 0; i < seeds; i++) {
            for (Cell cell : cells) {
                String name = cell.name() + "-seed" + i;
                if (runs.outOfTime(name)) {
                    complete = false;
                    break study;
                }
                List<String> overrides = new ArrayList<>(List.of("trainer.workers=" + cell.workers(),
                        "trainer.averagingPeriod=" + cell.period(), "trainer.seed=" + config.study().seed(baseSeed, i)));
                overrides.addAll(List.of(cell.baseline() ? new String[]{"trainer.outer.name=none"}
                        : cell.outer().overrides()));
                TrainResult r = runs.run(config, name, 1.0, overrides.toArray(String[]::new));
                results.get(cell).add(r);
            }
        }
        List<CellResult> done = new ArrayList<>();
        for (Map.Entry<Cell, List<TrainResult>> e : results.entrySet()) {
            if (!e.getValue().isEmpty()) {
                done.add(new CellResult(e.getKey(), List.copyOf(e.getValue())));
            }
        }
        Table perRun = new Table("cell", "workers", "k", "outer", "seed", "test accuracy", "rounds", "seconds");
        for (CellResult c : done) {
            for (TrainResult r : c.runs()) {
                List<TrainResult.EpochMetrics> epochs = r.epochs();
                perRun.row(c.cell().name(), c.cell().workers(), c.cell().period(),
                        c.cell().baseline() ? "-" : c.cell().outer().spec(), r.seed(), fmt(r.testMetric()),
                        epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).rounds(),
                        String.format(Locale.ROOT, "%.1f", r.wallSeconds()));
            }
        }
        dir.writeText("runs.csv", perRun.csv());
        int plotWorkers = grid.workers().stream().mapToInt(Integer::intValue).max().orElse(2);
        if (!done.isEmpty()) {
            dir.writeBytes("accuracy-vs-rounds.png", plot(done, plotWorkers, false).png());
            dir.writeBytes("accuracy-vs-time.png", plot(done, plotWorkers, true).png());
        }
        String report = report(config, done, seeds, complete);
        dir.writeText("local-sgd.md", report);
        if (complete) {
            dir.finish();
        }
        LOG.info("local-SGD study: {} of {} cells with results{}", done.size(), cells.size(),
                complete ? "" : " (partial)");
        return new Result(List.copyOf(done), complete, report);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Test accuracy after each epoch against rounds (or seconds) so far, mean over seeds, for W = workers. */
    private static LinePlot plot(List<CellResult> cells, int workers, boolean time) {
        LinePlot plot = new LinePlot(String.format(Locale.ROOT, "test accuracy, %d workers (mean over seeds)",
                workers), time ? "training seconds" : "averaging rounds (communication)", "test accuracy");
        for (CellResult c : cells) {
            if (c.cell().workers() != workers && !c.cell().baseline()) {
                continue;
            }
            int epochs = c.runs().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
            double[] x = new double[epochs];
            double[] y = new double[epochs];
            double seconds = 0;
            for (int e = 0; e < epochs; e++) {
                final int epoch = e;
                seconds += c.runs().stream().mapToDouble(r -> r.epochs().get(epoch).seconds()).average().orElse(0);
                x[e] = time ? seconds : c.runs().get(0).epochs().get(e).rounds();
                y[e] = c.runs().stream().mapToDouble(r -> r.epochs().get(epoch).testMetric()).average().orElse(0);
            }
            if (epochs > 0) {
                plot.add(new LinePlot.Series(c.cell().label(), x, y, c.cell().baseline()));
            }
        }
        return plot;
    }

    private static String report(JobConfig config, List<CellResult> cells, int seeds, boolean complete) {
        StringBuilder b = new StringBuilder();
        b.append("# Local-SGD study: ").append(config.data().name().configName()).append(", ")
                .append(config.model().kind().configName()).append("\n\n");
        if (!complete) {
            b.append("**Partial**: output.stopAfter ended this session of the study; rerun the same command to"
                    + " continue it.\n\n");
        }
        int epochs = config.trainer().epochs();
        b.append(String.format(Locale.ROOT, "%d epoch%s, %s (learning rate %s), minibatches of %d, updater state %s,"
                        + " warm-up rounds %d; up to %d seeds per cell. Single process = 1 worker (sequential"
                        + " minibatch steps). Communication = rounds: each round broadcasts and sums the parameters"
                        + " once.%n%n", epochs, epochs == 1 ? "" : "s",
                config.trainer().optimizer().name().toString().toLowerCase(Locale.ROOT),
                String.valueOf(config.trainer().optimizer().learningRate()), config.data().minibatch(),
                config.trainer().averaging().updaterPolicy().toString().toLowerCase(Locale.ROOT),
                config.trainer().averaging().warmupRounds(), seeds));
        if (cells.isEmpty()) {
            return b.append("No run has finished yet.\n").toString();
        }
        CellResult single = cells.stream().filter(c -> c.cell().baseline()).findFirst().orElse(null);
        Table table = new Table("workers", "k", "outer", "seeds", "test accuracy (mean ± std)",
                "gap to single (points)", "rounds / epoch", "communication vs k = 1", "seconds / epoch");
        for (CellResult c : cells) {
            String gap = single == null || c.cell().baseline() ? "—" : String.format(Locale.ROOT, "%+.2f",
                    100 * (c.accuracy().mean() - single.accuracy().mean()));
            CellResult k1 = c.cell().baseline() ? null : cells.stream().filter(o -> o.cell().workers()
                    == c.cell().workers() && o.cell().period() == 1 && !o.cell().baseline()).findFirst().orElse(null);
            String saved = k1 == null ? "—" : String.format(Locale.ROOT, "%.1f× less",
                    k1.roundsPerEpoch() / c.roundsPerEpoch());
            table.row(c.cell().baseline() ? 1 : c.cell().workers(), c.cell().baseline() ? "—" : c.cell().period(),
                    c.cell().baseline() ? "—" : c.cell().outer().spec(), c.runs().size(), c.accuracy().format(4), gap,
                    String.format(Locale.ROOT, "%.1f", c.roundsPerEpoch()), saved,
                    String.format(Locale.ROOT, "%.1f", c.secondsPerEpoch()));
        }
        b.append(table.markdown()).append('\n');
        b.append("The gap is the cell's mean minus single-process training's mean; a gap smaller than the standard"
                + " deviations shown is not evidence either way.\n\n");
        b.append("![accuracy against rounds](accuracy-vs-rounds.png)\n\n");
        b.append("![accuracy against time](accuracy-vs-time.png)\n\n");
        b.append("Per-run rows: `runs.csv`; each run's directory (config, rounds.jsonl, checkpoints) is under `runs/`.\n");
        return b.toString();
    }
}
