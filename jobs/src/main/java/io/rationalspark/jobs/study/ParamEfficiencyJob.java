package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.JobCli;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.train.TrainResult;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameter-efficiency study: the configured architecture at every width multiplier of
 * {@code study.widthMultipliers}, trained with each activation of {@code study.activations} (rational, ReLU and
 * the fixed activations to compare; the best fixed one at each width is named in the report) over
 * {@code study.seeds} seeds. Writes {@code param-efficiency.csv}, {@code param-efficiency.md} and
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

    /** One point of the curve: activation, width multiplier, parameters, test error (mean over seeds). */
    public record Point(String activation, double width, long parameters, Stats error) {
    }

    /** What the study found: the width study's points (empty when skipped) and the approximation experiment's. */
    public record Result(List<Point> points, Optional<ApproximationExperiment.Result> approximation, String report) {
    }

    public static void main(String[] args) throws IOException {
        JobConfig config = new JobCli("param-efficiency", "Test error against parameters: rational vs fixed activations"
                + " over model widths.").configOrExit(args);
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
            if (result.approximation().isPresent()) {
                System.out.println("Approximation: " + dir + "/" + ApproximationReport.MARKDOWN + ", " + dir + "/"
                        + ApproximationReport.CSV + ", " + dir + "/" + ApproximationReport.PLOT);
            }
        }
    }

    public static Result run(JobConfig config, JavaSparkContext sc) throws IOException {
        config = config.onCluster(sc);
        RunDirectory dir = RunDirectory.open(config, sc.hadoopConfiguration());
        ApproximationConfig approximation = config.study().approximation();
        StringBuilder report = new StringBuilder();
        List<Point> points = approximation.only() ? List.of() : widthStudy(config, sc, dir, report);
        Optional<ApproximationExperiment.Result> approximated = Optional.empty();
        if (approximation.enabled()) {
            ApproximationExperiment.Result result = ApproximationExperiment.run(approximation, savedIn(dir));
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
        dir.writeText("param-efficiency.md", report.toString());
        dir.finish();
        return new Result(points, approximated, report.toString());
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
    private static List<Point> widthStudy(JobConfig config, JavaSparkContext sc, RunDirectory dir,
                                          StringBuilder report) throws IOException {
        List<String> activations = config.study().activations();
        List<Double> widths = config.study().widthMultipliers();
        int seeds = config.study().seeds();
        StudyRuns runs = new StudyRuns(sc, dir.path().toString(), activations.size() * widths.size() * seeds);
        runs.warmUp(config);
        long baseSeed = config.trainer().seed();
        List<Point> points = new ArrayList<>();
        Map<String, List<Point>> byActivation = new LinkedHashMap<>();
        String metricName = null;
        for (double width : widths) {
            for (String activation : activations) {
                List<Double> errors = new ArrayList<>();
                long parameters = 0;
                for (int i = 0; i < seeds; i++) {
                    TrainResult r = runs.run(config, String.format(Locale.ROOT, "%s-width%s-seed%d", activation,
                                    width, i), width, "model.activation=" + activation,
                            "trainer.seed=" + config.study().seed(baseSeed, i));
                    metricName = r.metricName();
                    errors.add("perplexity".equals(r.metricName()) ? r.testMetric() : 1 - r.testMetric());
                    parameters = r.parameters();
                }
                Point p = new Point(activation, width, parameters, Stats.of(errors));
                points.add(p);
                byActivation.computeIfAbsent(activation, k -> new ArrayList<>()).add(p);
            }
        }
        String errorName = "perplexity".equals(metricName) ? "test perplexity" : "test error (1 − accuracy)";
        Table table = new Table("width ×", "activation", "parameters", errorName + " (mean ± std over " + seeds
                + " seeds)", "best fixed at this width");
        for (double width : widths) {
            Point bestFixed = points.stream().filter(p -> p.width() == width && !p.activation().equals("rational"))
                    .min(java.util.Comparator.comparingDouble(p -> p.error().mean())).orElse(null);
            for (Point p : points) {
                if (p.width() == width) {
                    table.row(width, p.activation().equals("rational") ? "**rational**" : p.activation(),
                            String.format(Locale.ROOT, "%,d", p.parameters()), p.error().format(4),
                            p == bestFixed ? "yes" : "");
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
                        + " rational.\n\n")
                .append(table.markdown())
                .append("\n![test error against parameters](test-error-vs-parameters.png)\n");
        return List.copyOf(points);
    }
}
