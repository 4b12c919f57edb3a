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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
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
     * Runs the benchmark and prints the Markdown table that docs/benchmarks.md records. With {@code --quick},
     * one short warm-up and measurement iteration each (a smoke run, not for the record).
     */
    public static void main(String[] args) throws Exception {
        OptionsBuilder builder = new OptionsBuilder();
        builder.include(RationalKernelBenchmark.class.getName() + "\\.");
        if (java.util.Arrays.asList(args).contains("--quick")) {
            builder.warmupIterations(1).measurementIterations(1)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        Options options = builder.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<Integer, Map<String, Double>> ms = new TreeMap<>();
        Map<Integer, Map<String, Double>> err = new TreeMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            int size = Integer.parseInt(r.getParams().getParam("size"));
            ms.computeIfAbsent(size, k -> new TreeMap<>()).put(name, r.getPrimaryResult().getScore());
            err.computeIfAbsent(size, k -> new TreeMap<>()).put(name, r.getPrimaryResult().getScoreError());
        }
        System.out.println();
        System.out.println("| floats | fused (ms) | reference (ms) | ReLU, DL4J ActivationLayer (ms) | ReLU, ND4J ops (ms) "
                + "| copy 16 B/elem (ms) | fused / ReLU layer | fused / ReLU ops | reference / fused "
                + "| fused, % of roofline |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<Integer, Map<String, Double>> e : ms.entrySet()) {
            Map<String, Double> t = e.getValue();
            Map<String, Double> er = err.get(e.getKey());
            double bandwidth = 16.0 * e.getKey() / (t.get("copy") * 1e-3); // bytes/s
            double roofline = 20.0 * e.getKey() / bandwidth * 1e3;         // ms
            System.out.printf(Locale.ROOT, "| %,d | %.2f ± %.2f | %.1f ± %.1f | %.2f ± %.2f | %.2f ± %.2f | %.2f ± %.2f "
                            + "| %.2f | %.2f | %.1f | %.0f %% (copy %.1f GB/s) |%n",
                    e.getKey(), t.get("fused"), er.get("fused"), t.get("reference"), er.get("reference"),
                    t.get("reluActivationLayer"), er.get("reluActivationLayer"), t.get("reluOp"), er.get("reluOp"),
                    t.get("copy"), er.get("copy"),
                    t.get("fused") / t.get("reluActivationLayer"), t.get("fused") / t.get("reluOp"),
                    t.get("reference") / t.get("fused"), 100 * roofline / t.get("fused"), bandwidth / 1e9);
        }
    }
}
