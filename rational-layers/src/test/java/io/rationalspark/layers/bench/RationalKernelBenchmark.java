package io.rationalspark.layers.bench;

import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalSpec;
import io.rationalspark.layers.rational.kernel.CoefficientGradients;
import io.rationalspark.layers.rational.kernel.FusedCpuRationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.ReferenceRationalKernel;
import io.rationalspark.layers.rational.kernel.SimdMode;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Forward + backward of an activation over a FLOAT tensor of {@code size} elements:
 * <ul>
 *   <li>{@code fused}: our fused CPU kernel, (5,4) safe-abs-terms, one coefficient set (the paper default),
 *       including the coefficient gradients;</li>
 *   <li>{@code reference}: the same with the ND4J-op reference kernel;</li>
 *   <li>{@code reluActivationLayer}: DL4J's {@code ActivationReLU} as DL4J's ActivationLayer applies it
 *       (copy the input, then the in-place op; backprop on a copy);</li>
 *   <li>{@code reluOp}: ND4J's ReLU ops out of place (x → y, (x, g) → dx), no copies: the cheapest ReLU;</li>
 *   <li>{@code copy}: y.assign(x) twice — a memory-bandwidth yardstick (16 bytes per element).</li>
 * </ul>
 * {@link #main} runs them all with JMH and prints a table with the ratios fused/ReLU, reference/fused and the
 * fused kernel's fraction of the memory roofline (20 bytes per element at the bandwidth of {@code copy}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dorg.bytedeco.javacpp.maxbytes=8g", "--add-modules=jdk.incubator.vector"})
public class RationalKernelBenchmark {

    /** 64 × 128 (one hidden layer's minibatch in the quick MLP), 1M and 16M floats. */
    @Param({"8192", "1048576", "16777216"})
    public int size;

    private INDArray x;
    private INDArray g;
    private INDArray y;
    private INDArray dx;
    private RationalCoefficients coefficients;
    private final RationalKernel fused = new FusedCpuRationalKernel(
            Runtime.getRuntime().availableProcessors(), SimdMode.VECTOR);
    private final RationalKernel fusedScalar = new FusedCpuRationalKernel(
            Runtime.getRuntime().availableProcessors(), SimdMode.SCALAR);
    private final RationalKernel reference = new ReferenceRationalKernel();
    private final ActivationReLU relu = new ActivationReLU();

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(1);
        long rows = size / 128;
        x = Nd4j.rand(DataType.FLOAT, rows, 128).subi(0.5f).muli(6);
        g = Nd4j.rand(DataType.FLOAT, rows, 128).subi(0.5f);
        y = Nd4j.create(DataType.FLOAT, x.shape());
        dx = Nd4j.create(DataType.FLOAT, x.shape());
        RationalSpec spec = RationalSpec.paperDefault();
        coefficients = RationalCoefficients.repeated(spec.initialFunction(), 1);
    }

    @Benchmark
    public void fused(Blackhole bh) {
        fused.forward(coefficients, x, y);
        CoefficientGradients grads = fused.backward(coefficients, x, g, dx);
        bh.consume(grads);
    }

    @Benchmark
    public void fusedScalar(Blackhole bh) {
        fusedScalar.forward(coefficients, x, y);
        CoefficientGradients grads = fusedScalar.backward(coefficients, x, g, dx);
        bh.consume(grads);
    }

    @Benchmark
    public void reference(Blackhole bh) {
        reference.forward(coefficients, x, y);
        CoefficientGradients grads = reference.backward(coefficients, x, g, dx);
        bh.consume(grads);
    }

    @Benchmark
    public void reluActivationLayer(Blackhole bh) {
        y.assign(x);
        bh.consume(relu.getActivation(y, true));
        dx.assign(x);
        Pair<INDArray, INDArray> back = relu.backprop(dx, g);
        bh.consume(back.getFirst());
    }

    @Benchmark
    public void reluOp(Blackhole bh) {
        Nd4j.exec(new RectifiedLinear(x, y));
        Nd4j.exec(new RectifiedLinearDerivative(x, g, dx));
        bh.consume(dx);
    }

    @Benchmark
    public void copy(Blackhole bh) {
        y.assign(x);
        dx.assign(g);
        bh.consume(dx);
    }

    /**
     * Runs the benchmark (with JMH's GC profiler, for the bytes allocated per call) and prints the Markdown table that
     * docs/benchmarks.md records, then {@link FusedThresholdBenchmark}'s. With {@code --quick}, one short warm-up and
     * measurement iteration each (a smoke run, not for the record).
     */
    public static void main(String[] args) throws Exception {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        Map<Integer, Map<String, RunResult>> results = run(RationalKernelBenchmark.class, quick, true);
        System.out.println();
        System.out.println("SIMD: " + SimdMode.configured().describe() + "; " + Runtime.getRuntime().availableProcessors()
                + " threads");
        System.out.println("| floats | fused, vector (ms) | fused, scalar (ms) | reference (ms) "
                + "| ReLU, DL4J ActivationLayer (ms) | ReLU, ND4J ops (ms) | copy 16 B/elem (ms) | vector / ReLU ops "
                + "| vector / ReLU layer | scalar / vector | vector, % of roofline | vector, B allocated per call |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<Integer, Map<String, RunResult>> e : results.entrySet()) {
            Map<String, RunResult> r = e.getValue();
            double bandwidth = 16.0 * e.getKey() / (ms(r, "copy") * 1e-3); // bytes/s
            double roofline = 20.0 * e.getKey() / bandwidth * 1e3;         // ms
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %.2f | %.0f %% (copy %.1f GB/s) "
                            + "| %.0f |%n",
                    e.getKey(), cell(r, "fused"), cell(r, "fusedScalar"), cell(r, "reference"),
                    cell(r, "reluActivationLayer"), cell(r, "reluOp"), cell(r, "copy"),
                    ms(r, "fused") / ms(r, "reluOp"), ms(r, "fused") / ms(r, "reluActivationLayer"),
                    ms(r, "fusedScalar") / ms(r, "fused"), 100 * roofline / ms(r, "fused"), bandwidth / 1e9,
                    allocated(r.get("fused")));
        }
        Map<Integer, Map<String, RunResult>> threads = run(FusedThresholdBenchmark.class, quick, false);
        System.out.println();
        System.out.println("| floats | fused, 1 thread (ms) | fused, " + Runtime.getRuntime().availableProcessors()
                + " threads in chunks (ms) | chunks / 1 thread |");
        System.out.println("|---:|---:|---:|---:|");
        for (Map.Entry<Integer, Map<String, RunResult>> e : threads.entrySet()) {
            Map<String, RunResult> r = e.getValue();
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %.2f |%n", e.getKey(), cell(r, "oneThread"),
                    cell(r, "chunked"), ms(r, "chunked") / ms(r, "oneThread"));
        }
    }

    /** JMH results of one benchmark class by size and method name. */
    static Map<Integer, Map<String, RunResult>> run(Class<?> benchmark, boolean quick, boolean gc) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(benchmark.getName() + "\\.");
        if (gc) {
            builder.addProfiler(GCProfiler.class);
        }
        if (quick) {
            builder.warmupIterations(1).measurementIterations(1)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(builder.build()).run();
        Map<Integer, Map<String, RunResult>> bySize = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            int size = Integer.parseInt(r.getParams().getParam("size"));
            bySize.computeIfAbsent(size, k -> new TreeMap<>()).put(name, r);
        }
        return bySize;
    }

    static double ms(Map<String, RunResult> r, String name) {
        return r.get(name).getPrimaryResult().getScore();
    }

    /** "mean ± JMH's 99.9 % error", with 3 significant digits. */
    static String cell(Map<String, RunResult> r, String name) {
        double score = ms(r, name);
        double error = r.get(name).getPrimaryResult().getScoreError();
        String format = score >= 100 ? "%.1f ± %.1f" : score >= 1 ? "%.2f ± %.2f" : "%.4f ± %.4f";
        return String.format(Locale.ROOT, format, score, error);
    }

    /** JMH's gc.alloc.rate.norm: bytes allocated on the heap per call, or NaN without the GC profiler. */
    static double allocated(RunResult r) {
        Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.getScore();
    }
}
