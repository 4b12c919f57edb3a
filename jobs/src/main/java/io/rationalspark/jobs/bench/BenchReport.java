package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.TrainerConfig;
import io.rationalspark.jobs.report.LinePlot;
import io.rationalspark.jobs.report.Table;
import io.rationalspark.jobs.run.RunDirectory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster benchmark's outputs: {@code results.md} (table with ours/dl4j-spark ratios, the targets, the fitted
 * cost model and its predictions, clearly marked), {@code results.csv} (one row per point and engine, plain numbers)
 * and one plot of epoch time per factor ({@code epoch-vs-workers.png}, {@code epoch-vs-averaging-period.png},
 * {@code epoch-vs-data-size.png}, {@code epoch-vs-width.png}; both engines).
 */
public final class BenchReport {

    /** Worker counts the cost model is asked about; none of them is measured here. */
    static final List<Integer> PREDICTED_WORKERS = List.of(16, 64, 256);

    static final double COMMUNICATION_TARGET = 0.10;
    static final double RATIO_TARGET = 0.3;
    static final double LINEARITY_TARGET = 0.98;

    private static final String OURS = TrainerConfig.Engine.MODEL_AVERAGING.configName();
    private static final String PEER = TrainerConfig.Engine.DL4J_SPARK.configName();

    private BenchReport() {
    }

    /** Where and how the benchmark ran, for the report's header. */
    public record Context(JobConfig config, BenchPlan plan, int batch, String master, int parallelism, int executors,
                          String loadAtStart, String loadAtEnd) {
    }

    /**
     * What the measurements say.
     *
     * @param costModel     our round-time model (empty with fewer than two measurements of ours)
     * @param predictions   its predictions at {@link #PREDICTED_WORKERS} for the base point (empty without a model)
     * @param dataSizeFits  per engine: epoch seconds against training examples over the data-size sweep
     * @param worstRatio    the largest ours/dl4j-spark epoch-time ratio over the points where both ran (NaN: none)
     * @param worstCommunicationAtK5 the largest (broadcast + aggregation) / round of ours at k = 5 (NaN: none)
     */
    public record Summary(Optional<CostModel> costModel, List<CostModel.Prediction> predictions,
                          Map<String, LinearFit> dataSizeFits, double worstRatio, double worstCommunicationAtK5) {
    }

    static Summary summarise(Context context, List<Measurement> measurements) {
        List<Measurement> ours = ofEngine(measurements, OURS);
        Optional<CostModel> model = Optional.empty();
        List<CostModel.Prediction> predictions = List.of();
        if (ours.size() >= 2) {
            CostModel fitted = CostModel.fit(ours);
            model = Optional.of(fitted);
            Measurement base = find(ours, context.plan().base()).orElse(null);
            if (base != null && !Double.isNaN(fitted.b())) {
                predictions = fitted.predict(PREDICTED_WORKERS, base.point().width(),
                        (double) base.point().averagingPeriod() * context.batch(), base.parameters());
            }
        }
        Map<String, LinearFit> fits = new LinkedHashMap<>();
        List<SweepPoint> sizes = context.plan().sweep(BenchPlan.Factor.DATA_SIZE);
        for (TrainerConfig.Engine engine : context.config().bench().engines()) {
            List<Measurement> points = new ArrayList<>();
            for (SweepPoint p : sizes) {
                find(ofEngine(measurements, engine.configName()), p).ifPresent(points::add);
            }
            if (points.size() >= 2) {
                double[] x = points.stream().mapToDouble(Measurement::examples).toArray();
                double[] y = points.stream().mapToDouble(Measurement::epochSeconds).toArray();
                fits.put(engine.configName(), LinearFit.of(x, y));
            }
        }
        double worstRatio = Double.NaN;
        for (Measurement m : ours) {
            Optional<Measurement> peer = find(ofEngine(measurements, PEER), m.point());
            if (peer.isPresent()) {
                double ratio = m.epochSeconds() / peer.get().epochSeconds();
                worstRatio = Double.isNaN(worstRatio) ? ratio : Math.max(worstRatio, ratio);
            }
        }
        double worstCommunication = Double.NaN;
        for (Measurement m : ours) {
            if (m.point().averagingPeriod() == 5) {
                double f = m.communicationFraction();
                worstCommunication = Double.isNaN(worstCommunication) ? f : Math.max(worstCommunication, f);
            }
        }
        return new Summary(model, predictions, fits, worstRatio, worstCommunication);
    }

    /** Writes results.md, results.csv and the plots into {@code dir}; returns the Markdown. */
    static String write(RunDirectory dir, Context context, List<Measurement> measurements, Summary summary)
            throws IOException {
        dir.writeText("results.csv", csv(measurements));
        for (BenchPlan.Factor factor : BenchPlan.Factor.values()) {
            List<SweepPoint> sweep = context.plan().sweep(factor);
            if (sweep.size() >= 2) {
                dir.writeBytes("epoch-vs-" + factor.fileName() + ".png", plot(context, factor, sweep, measurements));
            }
        }
        String markdown = markdown(context, measurements, summary);
        dir.writeText("results.md", markdown);
        return markdown;
    }

    static String csv(List<Measurement> measurements) {
        Table t = new Table("engine", "workers", "averaging_period", "data_size", "width", "parameters", "minibatches",
                "examples", "epochs", "epoch_s", "rounds_per_epoch", "broadcast_ms", "slowest_worker_ms",
                "median_worker_ms", "aggregation_ms", "driver_ms", "round_ms", "examples_per_s", "test_accuracy");
        for (Measurement m : measurements) {
            SweepPoint p = m.point();
            t.row(m.engine(), p.workers(), p.averagingPeriod(), p.dataSize(), p.widthText(), m.parameters(),
                    m.minibatches(), m.examples(), m.epochs(), num(m.epochSeconds()), num(m.rounds()),
                    num(m.broadcastMs()), num(m.slowestWorkerMs()), num(m.medianWorkerMs()), num(m.aggregationMs()),
                    num(m.driverMs()), num(m.roundMs()), num(m.examplesPerSecond()), num(m.accuracy()));
        }
        return t.csv();
    }

    private static String markdown(Context context, List<Measurement> measurements, Summary summary) {
        JobConfig config = context.config();
        BenchPlan plan = context.plan();
        StringBuilder b = new StringBuilder();
        b.append("# Cluster benchmark: ").append(config.data().name().configName()).append(", ")
                .append(config.model().kind().configName()).append(" (activation ")
                .append(config.model().activation()).append(")\n\n");
        b.append(String.format(Locale.ROOT, "- Spark master `%s`, default parallelism %d, %d executor(s); load average"
                        + " %s at start, %s at end%n", context.master(), context.parallelism(), context.executors(),
                context.loadAtStart(), context.loadAtEnd()));
        b.append(String.format(Locale.ROOT, "- base point %s (workers %d, k = %d, data ×%d = %,d minibatches of %d,"
                        + " width ×%s); %d epoch(s) per point; every point starts from the same initial network"
                        + " (seed %d)%n", plan.base().name(), plan.base().workers(), plan.base().averagingPeriod(),
                plan.base().dataSize(), plan.minibatches(plan.base()), context.batch(), plan.base().widthText(),
                config.trainer().averaging().epochs(), config.trainer().averaging().seed()));
        b.append("- epoch: wall time of training only (data loading and evaluation excluded); round split: means over"
                + " our rounds (dl4j-spark reports epoch times only); aggregation = the round's Spark job beyond the"
                + " slowest worker's compute\n\n");

        Table t = new Table("point", "engine", "workers", "k", "data ×", "examples", "width ×", "parameters",
                "epoch (s)", "ours / dl4j-spark", "rounds", "broadcast (ms)", "slowest worker (ms)", "aggregation (ms)",
                "driver (ms)", "round (ms)", "comm. %", "examples/s", "test accuracy");
        for (Measurement m : measurements) {
            SweepPoint p = m.point();
            String ratio = "";
            if (m.engine().equals(OURS)) {
                Optional<Measurement> peer = find(ofEngine(measurements, PEER), p);
                ratio = peer.map(q -> fixed(m.epochSeconds() / q.epochSeconds(), 2)).orElse("");
            }
            boolean split = !Double.isNaN(m.rounds());
            t.row(p.name(), m.engine(), p.workers(), p.averagingPeriod(), p.dataSize(),
                    String.format(Locale.ROOT, "%,d", m.examples()), p.widthText(),
                    String.format(Locale.ROOT, "%,d", m.parameters()), fixed(m.epochSeconds(), 2), ratio,
                    split ? fixed(m.rounds(), 0) : "—", split ? fixed(m.broadcastMs(), 1) : "—",
                    split ? fixed(m.slowestWorkerMs(), 1) : "—", split ? fixed(m.aggregationMs(), 1) : "—",
                    split ? fixed(m.driverMs(), 1) : "—", split ? fixed(m.roundMs(), 1) : "—",
                    split ? fixed(100 * m.communicationFraction(), 1) : "—", fixed(m.examplesPerSecond(), 0),
                    fixed(m.accuracy(), 4));
        }
        b.append(t.markdown()).append('\n');

        b.append("## Targets\n\n");
        b.append(target("(broadcast + aggregation) / round at k = 5, ours", summary.worstCommunicationAtK5(),
                "≤ " + (int) (100 * COMMUNICATION_TARGET) + " %", summary.worstCommunicationAtK5() <= COMMUNICATION_TARGET,
                fixed(100 * summary.worstCommunicationAtK5(), 1) + " % (worst point)"));
        b.append(target("ours / dl4j-spark epoch time at every point where both ran", summary.worstRatio(),
                "≤ " + RATIO_TARGET, summary.worstRatio() <= RATIO_TARGET, fixed(summary.worstRatio(), 2)
                        + " (worst point)"));
        LinearFit oursFit = summary.dataSizeFits().get(OURS);
        double r2 = oursFit == null ? Double.NaN : oursFit.rSquared();
        b.append(target("epoch time linear in data size, ours (R² of a line over the data-size sweep)", r2,
                "R² ≥ " + LINEARITY_TARGET, r2 >= LINEARITY_TARGET, fixed(r2, 4)));
        b.append('\n');

        if (!summary.dataSizeFits().isEmpty()) {
            b.append("Epoch time against training examples (data-size sweep, least-squares line):\n\n");
            Table fits = new Table("engine", "points", "seconds fixed", "ms per example", "R²");
            summary.dataSizeFits().forEach((engine, fit) -> fits.row(engine, fit.points(), fixed(fit.intercept(), 2),
                    fixed(1000 * fit.slope(), 4), fixed(fit.rSquared(), 4)));
            b.append(fits.markdown()).append('\n');
        }

        summary.costModel().ifPresent(model -> appendCostModel(b, context, model, summary.predictions()));

        b.append("## Plots\n\n");
        for (BenchPlan.Factor factor : BenchPlan.Factor.values()) {
            if (plan.sweep(factor).size() >= 2) {
                b.append("![epoch time against ").append(factor.label()).append("](epoch-vs-")
                        .append(factor.fileName()).append(".png)\n");
            }
        }
        b.append("\nFiles: `results.csv` (every measurement, plain numbers), `points/*.json` (one per point and engine),"
                + " `config.conf` (resolved config).\n");
        return b.toString();
    }

    private static void appendCostModel(StringBuilder b, Context context, CostModel model,
                                        List<CostModel.Prediction> predictions) {
        b.append("## Cost model of our round (fitted)\n\n");
        b.append("`round_ms = compute(k, batch) + a + b · params · ceil(log2 workers)`, with compute(k, batch) = c ·"
                + " (examples one worker fits per round: k · batch, fewer where a partition holds fewer than k"
                + " minibatches); c is measured per width from the slowest worker's compute, a and b are the"
                + " least-squares fit of the rest of the round over all ").append(model.points())
                .append(" measurements of ours.\n\n");
        model.computeMsPerExample().forEach((width, c) -> b.append(String.format(Locale.ROOT,
                "- c (width ×%s) = %.4f ms per example per worker%n", new SweepPoint(1, 1, 1, width).widthText(), c)));
        b.append(String.format(Locale.ROOT, "- a = %.2f ms per round; b = %s ms per parameter and tree level%n", model.a(),
                Double.isNaN(model.b()) ? "n/a (every point has the same params · ceil(log2 workers))"
                        : String.format(Locale.ROOT, "%.3e", model.b())));
        b.append(String.format(Locale.ROOT, "- fit: R² = %s, max relative error %.1f %% over the measured points%n%n",
                fixed(model.rSquared(), 4), 100 * model.maxRelativeError()));
        if (!predictions.isEmpty()) {
            BenchPlan plan = context.plan();
            b.append("**PREDICTION — not measured.** The model extrapolated to more workers at the base point (k = ")
                    .append(plan.base().averagingPeriod()).append(", batch ").append(context.batch())
                    .append(", width ×").append(plan.base().widthText()).append("), assuming one core per worker,"
                            + " compute per worker unchanged and the same network:\n\n");
            Table t = new Table("workers (PREDICTION)", "round (ms)", "compute (ms)", "a + b·params·ceil(log2 w) (ms)",
                    "examples/s");
            for (CostModel.Prediction p : predictions) {
                t.row(p.workers() + " (predicted)", fixed(p.roundMs(), 1), fixed(p.computeMs(), 1),
                        fixed(p.communicationMs(), 1), fixed(p.examplesPerSecond(), 0));
            }
            b.append(t.markdown()).append('\n');
        }
    }

    private static String target(String what, double value, String goal, boolean met, String shown) {
        String verdict = Double.isNaN(value) ? "not measured" : met ? "**met**" : "**missed**";
        return "- " + what + ": " + (Double.isNaN(value) ? "n/a" : shown) + "; target " + goal + ": " + verdict + "\n";
    }

    private static byte[] plot(Context context, BenchPlan.Factor factor, List<SweepPoint> sweep,
                               List<Measurement> measurements) {
        boolean byParameters = factor == BenchPlan.Factor.WIDTH;
        LinePlot plot = new LinePlot("epoch time against " + (byParameters ? "parameters" : factor.label()),
                byParameters ? "parameters" : factor.label(), "epoch (s)");
        if (factor == BenchPlan.Factor.AVERAGING_PERIOD || byParameters) {
            plot.logX(true);
        }
        for (TrainerConfig.Engine engine : context.config().bench().engines()) {
            List<double[]> xy = new ArrayList<>();
            for (SweepPoint p : sweep) {
                find(ofEngine(measurements, engine.configName()), p).ifPresent(m ->
                        xy.add(new double[] {byParameters ? m.parameters() : factor.of(p), m.epochSeconds()}));
            }
            if (!xy.isEmpty()) {
                plot.add(engine.configName(), xy.stream().mapToDouble(v -> v[0]).toArray(),
                        xy.stream().mapToDouble(v -> v[1]).toArray());
            }
        }
        return plot.png();
    }

    private static List<Measurement> ofEngine(List<Measurement> measurements, String engine) {
        return measurements.stream().filter(m -> m.engine().equals(engine)).toList();
    }

    private static Optional<Measurement> find(List<Measurement> measurements, SweepPoint point) {
        return measurements.stream().filter(m -> m.point().equals(point)).findFirst();
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
