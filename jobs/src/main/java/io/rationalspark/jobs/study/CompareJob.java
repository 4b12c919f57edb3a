package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainResult;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The activation study: the same architecture and optimizer trained with each activation of
 * {@code study.activations} (rational and the paper's 15 fixed ones by default) over {@code study.seeds} seeds.
 * Writes {@code runs.csv} (one row per run), {@code summary.csv} and {@code compare.md} (mean ± std of the test
 * metric and loss, parameters, time per epoch; ranked, with where rational loses said plainly), and the plots
 * {@code test-metric-per-epoch.png} and {@code rational-curves.png} (learned curves beside their initial fit).
 */
public final class CompareJob {

    private CompareJob() {
    }

    /** The study's table rows, best first. */
    public record Row(String activation, Stats metric, Stats loss, long parameters, double epochSeconds) {
    }

    /** What the study found. */
    public record Result(String metricName, boolean higherIsBetter, List<Row> rows, String report) {
        public Row row(String activation) {
            return rows.stream().filter(r -> r.activation().equals(activation)).findFirst().orElseThrow();
        }
    }

    public static void main(String[] args) throws IOException {
        JobConfig config = new JobCli("compare", "The activation study: one architecture, every activation, S seeds.")
                .configOrExit(args);
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-compare"))) {
            Result result = run(config, sc);
            String dir = config.output().requireDir();
            System.out.println();
            System.out.println(result.report());
            System.out.println("Table: " + dir + "/compare.md (and summary.csv, runs.csv)");
            System.out.println("Plots: " + dir + "/test-metric-per-epoch.png, " + dir + "/rational-curves.png");
        }
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        List<String> activations = config.study().activations();
        int seeds = config.study().seeds();
        StudyRuns runs = new StudyRuns(sc, dir.path().toString(), activations.size() * seeds);
        Map<String, List<TrainResult>> results = new LinkedHashMap<>();
        long baseSeed = config.trainer().seed();
        // a few rounds first, untimed, so that JIT compilation and Spark's warm-up do not land on the first activation
        runs.warmUp(config);
        for (int i = 0; i < seeds; i++) {
            for (String activation : activations) {
                long seed = config.study().seed(baseSeed, i);
                TrainResult r = runs.run(config, activation + "-seed" + i, 1.0, "model.activation=" + activation,
                        "trainer.seed=" + seed);
                results.computeIfAbsent(activation, k -> new ArrayList<>()).add(r);
            }
        }
        String metricName = results.values().iterator().next().get(0).metricName();
        boolean higherIsBetter = !"perplexity".equals(metricName);

        Table perRun = new Table("activation", "seed", "parameters", "test " + metricName, "test loss", "epoch seconds");
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<TrainResult>> e : results.entrySet()) {
            List<Double> metric = new ArrayList<>();
            List<Double> loss = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (TrainResult r : e.getValue()) {
                metric.add(r.testMetric());
                loss.add(r.testLoss());
                seconds.add(r.meanEpochSeconds());
                perRun.row(e.getKey(), r.seed(), r.parameters(), fmt(r.testMetric()), fmt(r.testLoss()),
                        String.format(Locale.ROOT, "%.2f", r.meanEpochSeconds()));
            }
            rows.add(new Row(e.getKey(), Stats.of(metric), Stats.of(loss), e.getValue().get(0).parameters(),
                    Stats.of(seconds).mean()));
        }
        Comparator<Row> best = Comparator.comparingDouble(r -> r.metric().mean());
        rows.sort(higherIsBetter ? best.reversed() : best);

        Table summary = new Table("rank", "activation", "test " + metricName + " (mean ± std over " + seeds + " seeds)",
                "test loss", "parameters", "seconds per epoch");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            summary.row(i + 1, r.activation().equals("rational") ? "**rational**" : r.activation(), r.metric().format(4),
                    r.loss().format(4), String.format(Locale.ROOT, "%,d", r.parameters()),
                    String.format(Locale.ROOT, "%.2f", r.epochSeconds()));
        }
        dir.writeText("runs.csv", perRun.csv());
        dir.writeText("summary.csv", summary.csv().replace("**", ""));
        dir.writeBytes("test-metric-per-epoch.png", perEpochPlot(results, metricName).png());
        LinePlot curves = rationalCurves(results);
        if (curves != null) {
            dir.writeBytes("rational-curves.png", curves.png());
        }
        String report = report(config, rows, summary, metricName, higherIsBetter, curves != null);
        dir.writeText("compare.md", report);
        dir.finish();
        return new Result(metricName, higherIsBetter, List.copyOf(rows), report);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static LinePlot perEpochPlot(Map<String, List<TrainResult>> results, String metricName) {
        LinePlot plot = new LinePlot("test " + metricName + " per epoch (mean over seeds)", "epoch", "test " + metricName);
        for (Map.Entry<String, List<TrainResult>> e : results.entrySet()) {
            int epochs = e.getValue().stream().mapToInt(r -> r.epochs().size()).min().orElse(0);
            double[] x = new double[epochs];
            double[] y = new double[epochs];
            for (int k = 0; k < epochs; k++) {
                x[k] = k + 1;
                final int epoch = k;
                y[k] = e.getValue().stream().mapToDouble(r -> r.epochs().get(epoch).testMetric()).average().orElse(0);
            }
            plot.add(new LinePlot.Series(e.getKey(), x, y, !e.getKey().equals("rational")));
        }
        return plot;
    }

    private static LinePlot rationalCurves(Map<String, List<TrainResult>> results) {
        List<TrainResult> rational = results.get("rational");
        if (rational == null || rational.get(0).curves().isEmpty()) {
            return null;
        }
        LinePlot plot = new LinePlot("rational activations: learned (seed 0) and initial fit", "x", "R(x)");
        for (TrainResult.Curve c : rational.get(0).curves()) {
            plot.add(new LinePlot.Series(c.name(), c.x(), c.y(), c.name().startsWith("initial")));
        }
        return plot;
    }

    private static String report(JobConfig config, List<Row> rows, Table summary, String metricName,
                                 boolean higherIsBetter, boolean curves) {
        StringBuilder b = new StringBuilder();
        b.append("# Activation study: ").append(config.data().name().configName()).append(", ")
                .append(config.model().kind().configName()).append("\n\n");
        b.append(String.format(Locale.ROOT, "Same architecture and optimizer (%s, learning rate %g), %d epochs, %d"
                        + " workers, averaging period %d; %d seed(s) per activation. Engine: %s.%n%n",
                config.trainer().optimizer().name().toString().toLowerCase(Locale.ROOT),
                config.trainer().optimizer().learningRate(), config.trainer().averaging().epochs(),
                config.trainer().averaging().workers(), config.trainer().averaging().averagingPeriod(),
                config.study().seeds(), config.trainer().engine().configName()));
        b.append(summary.markdown()).append('\n');
        Row rational = rows.stream().filter(r -> r.activation().equals("rational")).findFirst().orElse(null);
        if (rational != null) {
            int rank = rows.indexOf(rational) + 1;
            List<String> better = new ArrayList<>();
            for (Row r : rows.subList(0, rank - 1)) {
                better.add(r.activation() + String.format(Locale.ROOT, " (%s)", r.metric().format(4)));
            }
            b.append(String.format(Locale.ROOT, "**Rational ranks %d of %d** by mean test %s (%s, %s is better).",
                    rank, rows.size(), metricName, rational.metric().format(4), higherIsBetter ? "higher" : "lower"));
            if (better.isEmpty()) {
                b.append(" No fixed activation beat it in this study.\n");
            } else {
                b.append(" Rational loses to: ").append(String.join(", ", better)).append(".\n");
            }
            b.append("Differences smaller than the standard deviations shown are not evidence either way.\n");
        }
        b.append("\n![test metric per epoch](test-metric-per-epoch.png)\n");
        if (curves) {
            b.append("\n![learned rational curves](rational-curves.png)\n");
        }
        b.append("\nPer-run rows: `runs.csv`; each run's directory is under `runs/`.\n");
        return b.toString();
    }
}
