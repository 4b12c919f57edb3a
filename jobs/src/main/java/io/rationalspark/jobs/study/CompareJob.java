package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainResult;
import io.rationalspark.layers.activations.ActivationRegistry;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The activation study: the same architecture and optimizer trained with each activation of
 * {@code study.activations} (rational and the paper's 15 fixed ones by default) over {@code study.seeds} seeds.
 * Writes {@code runs.csv} (one row per run), {@code summary.csv} and {@code compare.md} (mean ± std of the test
 * metric and loss, parameters, time per epoch; ranked; for each rational row the difference to the best fixed
 * activation with its 95 % Welch interval, and rational against each fixed activation: better, tied or worse),
 * and the plots
 * {@code test-metric-per-epoch.png} and {@code rational-curves.png} (learned curves beside their initial fit).
 *
 * <p>With {@code study.coefficientLearningRateFactors} rational is trained once per factor (the coefficient
 * learning-rate ablation). Resumable: each run has its own directory under {@code runs/} and a finished one is read
 * back; with {@code output.stopAfter} no new run starts after that long, the report of the runs done so far is
 * written (marked partial) and the study stays unfinished for the next start.
 */
public final class CompareJob {

    private CompareJob() {
    }

    /**
     * One row of the study: an activation, or with {@code study.coefficientLearningRateFactors} the rational
     * activation at one coefficient learning rate.
     *
     * @param label     the row's name in the report ("relu", "rational", "rational (coef. lr ×4)")
     * @param runPrefix its runs' directory names before "-seed<i>"
     * @param rational  whether it trains the rational activation
     * @param overrides the config settings of its runs
     */
    record Variant(String label, String runPrefix, boolean rational, List<String> overrides) {
    }

    /**
     * A row of the table, best first; {@code vsBestFixed} is (this − the best fixed activation) with its 95 %
     * interval for a rational row, empty for the fixed ones.
     */
    public record Row(String activation, Stats metric, Stats loss, long parameters, double epochSeconds,
                      List<Double> values, Optional<Difference> vsBestFixed) {
    }

    /**
     * What the study found; {@code complete} is false when {@code output.stopAfter} cut it short (the rows hold the
     * runs done so far), and {@code bestFixed} is the best fixed activation by mean, empty when none ran.
     */
    public record Result(String metricName, boolean higherIsBetter, List<Row> rows, Optional<String> bestFixed,
                         boolean complete, String report) {
        public Row row(String activation) {
            return rows.stream().filter(r -> r.activation().equals(activation)).findFirst().orElseThrow();
        }
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("compare", "The activation study: one architecture, every activation, S seeds.");

    public static void main(String[] args) {
        CLI.main(args, CompareJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-compare"))) {
            Result result = run(config, sc);
            String dir = config.output().requireDir();
            System.out.println();
            System.out.println(result.report());
            System.out.println("Table: " + dir + "/compare.md (and summary.csv, runs.csv)");
            System.out.println("Plots: " + dir + "/test-metric-per-epoch.png, " + dir + "/rational-curves.png");
            if (!result.complete()) {
                System.out.println("Stopped after output.stopAfter: run the same command again to continue the study.");
            }
        }
    }

    /** The study's rows in run order: each activation, rational once per coefficient learning-rate factor. */
    static List<Variant> variants(JobConfig config) {
        List<Variant> variants = new ArrayList<>();
        List<Double> factors = config.study().coefficientLearningRateFactors();
        double networkRate = config.trainer().optimizer().learningRate();
        for (String activation : config.study().activations()) {
            boolean rational = ActivationRegistry.isRational(activation);
            if (!rational || factors.isEmpty()) {
                variants.add(new Variant(activation, activation, rational, List.of("model.activation=" + activation)));
                continue;
            }
            for (double f : factors) {
                String factor = factorName(f);
                variants.add(new Variant("rational (coef. lr ×" + factor + ")", "rational-coeflr" + factor, true,
                        List.of("model.activation=" + activation, "model.rational.learningRate="
                                + new BigDecimal(Double.toString(f)).multiply(new BigDecimal(Double.toString(networkRate)))
                                .stripTrailingZeros().toPlainString())));
            }
        }
        return variants;
    }

    private static String factorName(double f) {
        return f == Math.rint(f) ? Long.toString((long) f) : Double.toString(f);
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        // the data first: a missing path must not leave a new study directory behind
        config.data().existingShards(sc.hadoopConfiguration());
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        List<Variant> variants = variants(config);
        int seeds = config.study().seeds();
        StudyRuns runs = new StudyRuns(sc, dir.path().toString(), variants.size() * seeds,
                config.output().stopAfter());
        Map<Variant, List<TrainResult>> results = new LinkedHashMap<>();
        long baseSeed = config.trainer().seed();
        // a few rounds first, untimed, so that JIT compilation and Spark's warm-up do not land on the first activation
        runs.warmUp(config);
        study:
        for (int i = 0; i < seeds; i++) {
            for (Variant variant : variants) {
                String name = variant.runPrefix() + "-seed" + i;
                if (runs.outOfTime(name)) {
                    break study;
                }
                List<String> overrides = new ArrayList<>(variant.overrides());
                overrides.add("trainer.seed=" + config.study().seed(baseSeed, i));
                TrainResult r = runs.run(config, name, 1.0, overrides.toArray(String[]::new));
                results.computeIfAbsent(variant, k -> new ArrayList<>()).add(r);
            }
        }
        if (results.isEmpty()) {
            String report = "# Activation study (partial)\n\n**Partial:** output.stopAfter ("
                    + config.output().stopAfter().orElseThrow() + ") ended this session's share of the study before"
                    + " its first run. The same command continues it.\n";
            dir.writeText("compare.md", report);
            return new Result("", true, List.of(), Optional.empty(), false, report);
        }
        String metricName = results.values().iterator().next().get(0).metricName();
        boolean higherIsBetter = !"perplexity".equals(metricName);

        Table perRun = new Table("activation", "seed", "parameters", "test " + metricName, "test loss", "epoch seconds");
        List<Row> fixedRows = new ArrayList<>();
        List<Row> rationalRows = new ArrayList<>();
        for (Map.Entry<Variant, List<TrainResult>> e : results.entrySet()) {
            List<Double> metric = new ArrayList<>();
            List<Double> loss = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            for (TrainResult r : e.getValue()) {
                metric.add(r.testMetric());
                loss.add(r.testLoss());
                seconds.add(r.meanEpochSeconds());
                perRun.row(e.getKey().label(), r.seed(), r.parameters(), fmt(r.testMetric()), fmt(r.testLoss()),
                        String.format(Locale.ROOT, "%.2f", r.meanEpochSeconds()));
            }
            Row row = new Row(e.getKey().label(), Stats.of(metric), Stats.of(loss), e.getValue().get(0).parameters(),
                    Stats.of(seconds).mean(), List.copyOf(metric), Optional.empty());
            (e.getKey().rational() ? rationalRows : fixedRows).add(row);
        }
        Comparator<Row> byMean = Comparator.comparingDouble(r -> r.metric().mean());
        Comparator<Row> best = higherIsBetter ? byMean.reversed() : byMean;
        Optional<Row> bestFixed = fixedRows.stream().min(best);
        List<Row> rows = new ArrayList<>(fixedRows);
        for (Row r : rationalRows) {
            rows.add(bestFixed.map(b -> new Row(r.activation(), r.metric(), r.loss(), r.parameters(), r.epochSeconds(),
                    r.values(), Optional.of(Difference.of(r.values(), b.values())))).orElse(r));
        }
        rows.sort(best);

        String over = runs.stopped() ? "the seeds run so far, of " + seeds : seeds + " seeds";
        Table summary = new Table("rank", "activation", "test " + metricName + " (mean ± std over " + over + ")",
                "test loss", "parameters", "seconds per epoch",
                "− best fixed" + bestFixed.map(b -> " (" + b.activation() + ")").orElse("") + ", 95 % CI");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            boolean rational = rationalRows.stream().anyMatch(x -> x.activation().equals(r.activation()));
            summary.row(i + 1, rational ? "**" + r.activation() + "**" : r.activation(), r.metric().format(4),
                    r.loss().format(4), String.format(Locale.ROOT, "%,d", r.parameters()),
                    String.format(Locale.ROOT, "%.2f", r.epochSeconds()),
                    r.vsBestFixed().map(d -> d.format(4) + (d.tie() ? " tie" : "")).orElse(""));
        }
        Map<String, List<TrainResult>> byLabel = new LinkedHashMap<>();
        results.forEach((v, r) -> byLabel.put(v.label(), r));
        Optional<Variant> primary = primaryRational(results.keySet());
        boolean complete = !runs.stopped();
        dir.writeText("runs.csv", perRun.csv());
        dir.writeText("summary.csv", summary.csv().replace("**", ""));
        dir.writeBytes("test-metric-per-epoch.png", perEpochPlot(byLabel, metricName).png());
        LinePlot curves = primary.map(p -> rationalCurves(results.get(p))).orElse(null);
        if (curves != null) {
            dir.writeBytes("rational-curves.png", curves.png());
        }
        Optional<Row> primaryRow = primary.map(p -> rows.stream().filter(r -> r.activation().equals(p.label()))
                .findFirst().orElseThrow());
        String report = report(config, rows, fixedRows, bestFixed, primaryRow, summary, metricName, higherIsBetter,
                curves != null, complete);
        dir.writeText("compare.md", report);
        if (complete) {
            dir.finish();
        }
        return new Result(metricName, higherIsBetter, List.copyOf(rows), bestFixed.map(Row::activation), complete,
                report);
    }

    /** The rational row compared with every fixed activation: at the network's learning rate when it was trained. */
    private static Optional<Variant> primaryRational(Iterable<Variant> trained) {
        Variant first = null;
        for (Variant v : trained) {
            if (v.rational()) {
                if (v.label().equals("rational") || v.label().endsWith("×1)")) {
                    return Optional.of(v);
                }
                first = first == null ? v : first;
            }
        }
        return Optional.ofNullable(first);
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

    private static LinePlot rationalCurves(List<TrainResult> rational) {
        if (rational.get(0).curves().isEmpty()) {
            return null;
        }
        LinePlot plot = new LinePlot("rational activations: learned (seed 0) and initial fit", "x", "R(x)");
        for (TrainResult.Curve c : rational.get(0).curves()) {
            plot.add(new LinePlot.Series(c.name(), c.x(), c.y(), c.name().startsWith("initial")));
        }
        return plot;
    }

    private static String report(JobConfig config, List<Row> rows, List<Row> fixedRows, Optional<Row> bestFixed,
                                 Optional<Row> rational, Table summary, String metricName, boolean higherIsBetter, boolean curves,
                                 boolean complete) {
        StringBuilder b = new StringBuilder();
        b.append("# Activation study: ").append(config.data().name().configName()).append(", ")
                .append(config.model().kind().configName()).append(complete ? "" : " (partial)").append("\n\n");
        if (!complete) {
            b.append("**Partial:** output.stopAfter ended this session's share of the study; the rows hold the runs"
                    + " done so far (see runs.csv). The same command continues it.\n\n");
        }
        b.append(String.format(Locale.ROOT, "Same architecture and optimizer (%s, learning rate %g), %d epochs, %d"
                        + " workers, averaging period %d; %d seed(s) per activation. Engine: %s.%n%n",
                config.trainer().optimizer().name().toString().toLowerCase(Locale.ROOT),
                config.trainer().optimizer().learningRate(), config.trainer().averaging().epochs(),
                config.trainer().averaging().workers(), config.trainer().averaging().averagingPeriod(),
                config.study().seeds(), config.trainer().engine().configName()));
        b.append(summary.markdown()).append('\n');
        String better = higherIsBetter ? "higher" : "lower";
        if (rational.isPresent()) {
            Row r = rational.get();
            int rank = rows.indexOf(r) + 1;
            List<String> above = new ArrayList<>();
            for (Row x : rows.subList(0, rank - 1)) {
                if (fixedRows.contains(x)) {
                    above.add(x.activation() + String.format(Locale.ROOT, " (%s)", x.metric().format(4)));
                }
            }
            b.append(String.format(Locale.ROOT, "**%s ranks %d of %d** by mean test %s (%s, %s is better).",
                    capitalised(r.activation()), rank, rows.size(), metricName, r.metric().format(4), better));
            b.append(above.isEmpty() ? " No fixed activation has a better mean in this study.\n"
                    : " Fixed activations with a better mean: " + String.join(", ", above) + ".\n");
        }
        List<Row> rationalRows = rows.stream().filter(x -> x.vsBestFixed().isPresent()).toList();
        if (!rationalRows.isEmpty()) {
            String fixed = bestFixed.orElseThrow().activation();
            b.append("\nAgainst the best fixed activation (").append(fixed).append("):\n\n");
            for (Row x : rationalRows) {
                b.append("- ").append(x.vsBestFixed().orElseThrow().verdict(x.activation(), fixed, metricName, 4,
                        higherIsBetter)).append(".\n");
            }
        }
        if (rational.isPresent() && !fixedRows.isEmpty()) {
            Row r = rational.get();
            Table each = new Table("fixed activation", r.activation() + " − it, 95 % CI (Welch)", "verdict");
            int wins = 0;
            int ties = 0;
            int losses = 0;
            for (Row f : rows) {
                if (!fixedRows.contains(f)) {
                    continue;
                }
                Difference d = Difference.of(r.values(), f.values());
                String verdict;
                if (!d.hasInterval()) {
                    verdict = "no interval";
                } else if (d.tie()) {
                    verdict = "tie";
                    ties++;
                } else if ((d.mean() > 0) == higherIsBetter) {
                    verdict = r.activation() + " better";
                    wins++;
                } else {
                    verdict = r.activation() + " worse";
                    losses++;
                }
                each.row(f.activation(), d.format(4), verdict);
            }
            b.append(String.format(Locale.ROOT, "%n%s against each fixed activation: better than %d, tied with %d,"
                    + " worse than %d (95 %% Welch intervals of the difference in test %s; a tie means the interval"
                    + " contains 0, so the seeds cannot tell the two apart).%n%n", capitalised(r.activation()), wins,
                    ties, losses, metricName));
            b.append(each.markdown());
        }
        b.append("\n![test metric per epoch](test-metric-per-epoch.png)\n");
        if (curves) {
            b.append("\n![learned rational curves](rational-curves.png)\n");
        }
        b.append("\nPer-run rows: `runs.csv`; each run's directory is under `runs/`.\n");
        return b.toString();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
