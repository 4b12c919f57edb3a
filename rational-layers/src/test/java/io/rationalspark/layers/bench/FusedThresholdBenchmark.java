package io.rationalspark.layers.bench;

import io.rationalspark.layers.rational.RationalCoefficients;
import io.rationalspark.layers.rational.RationalSpec;
import io.rationalspark.layers.rational.kernel.FusedCpuRationalKernel;
import io.rationalspark.layers.rational.kernel.RationalKernel;
import io.rationalspark.layers.rational.kernel.SimdMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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

import java.util.concurrent.TimeUnit;

/**
 * Where the fused kernel should stop running on the calling thread: forward + backward of the paper's default rational
 * (vector mode) on arrays around {@code FusedCpuRationalKernel.PARALLEL_THRESHOLD}, on one thread and in chunks on all
 * processors (the kernel's own threshold is bypassed: {@code oneThread} has parallelism 1, {@code chunked} splits
 * every size, see {@link FusedCpuRationalKernel#FusedCpuRationalKernel(int, SimdMode, long)}).
 * Run by {@link RationalKernelBenchmark#main}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class FusedThresholdBenchmark {

    @Param({"8192", "16384", "32768", "65536", "131072", "262144"})
    public int size;

    private INDArray x;
    private INDArray g;
    private INDArray y;
    private INDArray dx;
    private RationalCoefficients coefficients;
    private final RationalKernel oneThread = new FusedCpuRationalKernel(1, SimdMode.configured(), Long.MAX_VALUE);
    private final RationalKernel chunked = new FusedCpuRationalKernel(Runtime.getRuntime().availableProcessors(),
            SimdMode.configured(), 0);

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(1);
        x = Nd4j.rand(DataType.FLOAT, size / 128, 128).subi(0.5f).muli(6);
        g = Nd4j.rand(DataType.FLOAT, size / 128, 128).subi(0.5f);
        y = x.ulike();
        dx = x.ulike();
        coefficients = RationalCoefficients.repeated(RationalSpec.paperDefault().initialFunction(), 1);
    }

    @Benchmark
    public void oneThread(Blackhole bh) {
        oneThread.forward(coefficients, x, y);
        bh.consume(oneThread.backward(coefficients, x, g, dx));
    }

    @Benchmark
    public void chunked(Blackhole bh) {
        chunked.forward(coefficients, x, y);
        bh.consume(chunked.backward(coefficients, x, g, dx));
    }
}
