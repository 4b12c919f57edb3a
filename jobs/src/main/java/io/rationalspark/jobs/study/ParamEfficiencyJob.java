package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainResult;
import io.rationalspark.layers.activations.ActivationRegistry;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter-efficiency study: the configured architecture at every width multiplier of
 * {@code study.widthMultipliers}, trained with each activation of {@code study.activations} (rational, ReLU and
 * the fixed activations to compare; the best fixed one at each width is named in the report, with rational's
 * difference to it and its 95 % interval) over {@code study.seeds} seeds, and finds the smallest width at which
 * rational reaches the best fixed activation's error at width 1 ({@link Match}). Resumable like the compare study,
 * {@code output.stopAfter} included. Writes {@code param-efficiency.csv}, {@code param-efficiency.md} and
 * {@code test-error-vs-parameters.png} (test error against parameters, log scale).
 *
 * <p>Then, with {@code study.approximation.enabled}, the function-approximation experiment on the driver
 * ({@link ApproximationExperiment}: small rational and ReLU networks fitted to |x| and a smooth target on [-1, 1]),
 * which writes {@value ApproximationReport#CSV}, {@value ApproximationReport#MARKDOWN} and
 * {@value ApproximationReport#PLOT} and adds its section to {@code param-efficiency.md}. With
 * {@code study.approximation.only} the width study is skipped and no data is read.
 */
public final class ParamEfficiencyJob {

    /** The composition experiment's report, written with the approximation experiment when it fits |x|. */
    public static final String COMPOSITION = "composition.md";
    /** Depths of the composition experiment: at 5 its error reaches double-precision round-off. */
    static final int COMPOSITION_DEPTHS = 5;

    private ParamEfficiencyJob() {
    }

    /** One point of the curve: activation, width multiplier, parameters, test error over the seeds. */
    public record Point(String activation, double width, long parameters, Stats error, List<Double> errors) {
        boolean rational() {
            return ActivationRegistry.isRational(activation);
        }
    }

    /**
     * Where rational catches up: the best fixed activation at the reference width (1 when studied, else the largest)
     * and the smallest width at which rational's mean error is as low, empty when no studied width gets there.
     *
     * @param bestFixed   the best fixed activation's point at the reference width
     * @param rational    rational's point at the smallest width that reaches it
     * @param difference  rational there − the best fixed at the reference width, with its 95 % interval
     */
    public record Match(Point bestFixed, Optional<Point> rational, Optional<Difference> difference) {
    }

    /**
     * What the study found: the width study's points (empty when skipped), where rational matches the best fixed
     * activation, and the approximation experiment's result; {@code complete} is false when {@code output.stopAfter}
     * cut the width study short (the approximation experiment then waits for the next start) or the approximation
     * experiment (its result is then partial).
     */
    public record Result(List<Point> points, Optional<Match> match,
                         Optional<ApproximationExperiment.Result> approximation, boolean complete, String report) {
    }

    /** The job's command line. */
    public static final JobCli CLI = new JobCli("param-efficiency", "Test error against parameters: rational vs fixed activations"
                + " over model widths.");

    public static void main(String[] args) {
        CLI.main(args, ParamEfficiencyJob::execute);
    }

    /** What {@link #main} does with its config: prints it, runs the job, prints where the results are. */
    public static void execute(JobConfig config) throws IOException {
        System.out.println(config.render());
        try (JavaSparkContext sc = new JavaSparkContext(config.spark().toSparkConf("rationalspark-param-efficiency"))) {
            Result result = run(config, sc);
            String dir = config.output().requireDir();
            System.out.println();
            System.out.println(result.report());
            System.out.println("Report: " + dir + "/param-efficiency.md");
            if (!result.points().isEmpty()) {
                System.out.println("Width study: " + dir + "/param-efficiency.csv, " + dir
                        + "/test-error-vs-parameters.png");
            }
            if (!result.complete()) {
                System.out.println("Stopped after output.stopAfter: run the same command again to continue the study.");
            }
            if (result.approximation().isPresent()) {
                System.out.println("Approximation: " + dir + "/" + ApproximationReport.MARKDOWN + ", " + dir + "/"
                        + ApproximationReport.CSV + ", " + dir + "/" + ApproximationReport.PLOT);
            }
        }
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        if (!config.study().approximation().only()) {
            // the data first: a missing path must not leave a new study directory behind
            config.data().existingShards(sc.hadoopConfiguration());
        }
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        ApproximationConfig approximation = config.study().approximation();
        StringBuilder report = new StringBuilder();
        StudyRuns runs = new StudyRuns(sc, dir.path().toString(), config.study().activations().size()
                * config.study().widthMultipliers().size() * config.study().seeds(), config.output().stopAfter());
        List<Point> points = approximation.only() ? List.of() : widthStudy(config, runs, dir, report);
        Optional<Match> match = approximation.only() || points.isEmpty() ? Optional.empty()
                : match(points, config.study().widthMultipliers());
        match.ifPresent(m -> report.append('\n').append(matchReport(m, points)));
        boolean complete = !runs.stopped();
        Optional<ApproximationExperiment.Result> approximated = Optional.empty();
        if (approximation.enabled() && complete) {
            ApproximationExperiment.Result result = ApproximationExperiment.run(approximation, savedIn(dir),
                    runs::pastStopAfter);
            complete = result.complete();
            ApproximationReport.write(result, dir);
            report.append(report.length() == 0 ? "# Parameter efficiency\n\n" : "\n")
                    .append(ApproximationReport.markdown(result));
            if (approximation.targets().contains(ApproximationConfig.Target.ABS)) {
                String composition = CompositionExperiment.markdown(CompositionExperiment.run(COMPOSITION_DEPTHS))
                        + "\n" + ApproximationReport.byDepth(result, ApproximationConfig.Target.ABS);
                dir.writeText(COMPOSITION, composition);
                report.append('\n').append(composition);
            }
            approximated = Optional.of(result);
        }
        if (!complete) {
            report.insert(0, "**Partial:** output.stopAfter ended this session's share of the study; the same command"
                    + " continues it.\n\n");
        }
        dir.writeText("param-efficiency.md", report.toString());
        if (complete) {
            dir.finish();
        }
        return new Result(points, match, approximated, complete, report.toString());
    }

    /** The reference width: 1 when studied, else the largest multiplier. */
    static double referenceWidth(List<Double> widths) {
        return widths.contains(1.0) ? 1.0 : widths.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /**
     * The best fixed activation at the reference width and the smallest width at which rational's mean error is
     * no higher; empty when the study has no fixed or no rational point at the reference width.
     */
    static Optional<Match> match(List<Point> points, List<Double> widths) {
        double reference = referenceWidth(widths);
        Optional<Point> bestFixed = points.stream().filter(p -> p.width() == reference && !p.rational())
                .min(Comparator.comparingDouble(p -> p.error().mean()));
        if (bestFixed.isEmpty() || points.stream().noneMatch(Point::rational)) {
            return Optional.empty();
        }
        Point target = bestFixed.get();
        Optional<Point> reached = points.stream().filter(p -> p.rational() && p.error().mean() <= target.error().mean())
                .min(Comparator.comparingDouble(Point::width));
        return Optional.of(new Match(target, reached, reached.map(r -> Difference.of(r.errors(), target.errors()))));
    }

    private static String matchReport(Match m, List<Point> points) {
        Point f = m.bestFixed();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "**Smallest width matching the best fixed activation.** At width ×%s the"
                        + " best fixed activation is %s: test error %s with %,d parameters. ", width(f.width()),
                f.activation(), f.error().format(4), f.parameters()));
        if (m.rational().isEmpty()) {
            double widest = points.stream().filter(Point::rational).mapToDouble(Point::width).max().orElseThrow();
            b.append(String.format(Locale.ROOT, "**Rational does not reach it** at any studied width (up to ×%s).%n",
                    width(widest)));
            return b.toString();
        }
        Point r = m.rational().get();
        Difference d = m.difference().orElseThrow();
        b.append(String.format(Locale.ROOT, "Rational reaches it from width ×%s: test error %s with %,d parameters,"
                        + " %.2f× the parameters. Rational there − %s at ×%s: %s (95 %% Welch interval of the error"
                        + " difference%s).%n", width(r.width()), r.error().format(4), r.parameters(),
                (double) r.parameters() / f.parameters(), f.activation(), width(f.width()), d.format(4),
                d.hasInterval() ? (d.tie() ? "; a tie: the interval contains 0" : d.mean() < 0
                        ? "; rational has the lower error" : "; rational has the higher error") : ""));
        return b.toString();
    }

    private static String width(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    /**
     * The approximation experiment's finished measurements, one file each under {@code approximation/} of the run
     * directory: a resumed run reads them back instead of training those networks again.
     */
    static ApproximationExperiment.Saved savedIn(RunDirectory dir) {
        return new ApproximationExperiment.Saved() {
            @Override
            public Optional<ApproximationExperiment.Measurement> read(String key) throws IOException {
                String name = "approximation/" + key + ".txt";
                if (!dir.fileSystem().exists(dir.resolve(name))) {
                    return Optional.empty();
                }
                return Optional.of(ApproximationExperiment.parse(dir.readText(name), dir.uri(name)));
            }

            @Override
            public void write(String key, ApproximationExperiment.Measurement m) throws IOException {
                dir.writeText("approximation/" + key + ".txt", ApproximationExperiment.format(m));
            }
        };
    }

    /** Trains every activation at every width; writes the CSV and plot, and its part of the report. */
    private static List<Point> widthStudy(JobConfig config, StudyRuns runs, RunDirectory dir,
                                          StringBuilder report) throws IOException {
        List<String> activations = config.study().activations();
        List<Double> widths = config.study().widthMultipliers();
        int seeds = config.study().seeds();
        runs.warmUp(config);
        long baseSeed = config.trainer().seed();
        List<Point> points = new ArrayList<>();
        Map<String, List<Point>> byActivation = new LinkedHashMap<>();
        String metricName = null;
        study:
        for (double width : widths) {
            for (String activation : activations) {
                List<Double> errors = new ArrayList<>();
                long parameters = 0;
                for (int i = 0; i < seeds; i++) {
                    String name = String.format(Locale.ROOT, "%s-width%s-seed%d", activation, width, i);
                    if (runs.outOfTime(name)) {
                        break study;
                    }
                    TrainResult r = runs.run(config, name, width, "model.activation=" + activation,
                            "trainer.seed=" + config.study().seed(baseSeed, i));
                    metricName = r.metricName();
                    errors.add("perplexity".equals(r.metricName()) ? r.testMetric() : 1 - r.testMetric());
                    parameters = r.parameters();
                }
                Point p = new Point(activation, width, parameters, Stats.of(errors), List.copyOf(errors));
                points.add(p);
                byActivation.computeIfAbsent(activation, k -> new ArrayList<>()).add(p);
            }
        }
        if (points.isEmpty()) {
            return List.of();
        }
        String errorName = "perplexity".equals(metricName) ? "test perplexity" : "test error (1 − accuracy)";
        Table table = new Table("width ×", "activation", "parameters", errorName + " (mean ± std over " + seeds
                + " seeds)", "best fixed at this width", "rational − best fixed, 95 % CI");
        for (double width : widths) {
            Point bestFixed = points.stream().filter(p -> p.width() == width && !p.rational())
                    .min(Comparator.comparingDouble(p -> p.error().mean())).orElse(null);
            for (Point p : points) {
                if (p.width() == width) {
                    String vs = "";
                    if (p.rational() && bestFixed != null) {
                        Difference d = Difference.of(p.errors(), bestFixed.errors());
                        vs = d.format(4) + (d.tie() ? " tie" : "");
                    }
                    table.row(width, p.rational() ? "**rational**" : p.activation(),
                            String.format(Locale.ROOT, "%,d", p.parameters()), p.error().format(4),
                            p == bestFixed ? "yes" : "", vs);
                }
            }
        }
        LinePlot plot = new LinePlot(errorName + " against parameters", "parameters", errorName).logX(true);
        for (Map.Entry<String, List<Point>> e : byActivation.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Point::parameters).toArray();
            double[] y = e.getValue().stream().mapToDouble(p -> p.error().mean()).toArray();
            plot.add(new LinePlot.Series(e.getKey(), x, y, !e.getKey().equals("rational")));
        }
        dir.writeText("param-efficiency.csv", table.csv().replace("**", ""));
        dir.writeBytes("test-error-vs-parameters.png", plot.png());
        report.append("# Parameter efficiency: ").append(config.data().name().configName())
                .append(", ").append(config.model().kind().configName()).append("\n\n")
                .append("Every hidden width multiplied by the factor in the first column; same optimizer and epochs"
                        + " for all. A lower error with fewer parameters is what the paper's claim predicts for"
                        + " rational. The last column is rational's error minus the best fixed activation's at the"
                        + " same width, with its 95 % Welch interval; \"tie\" when the interval contains 0.\n\n")
                .append(table.markdown())
                .append("\n![test error against parameters](test-error-vs-parameters.png)\n");
        return List.copyOf(points);
    }
}
