package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The rational activation in one pass over memory on the CPU: forward reads x and writes y; backward reads
 * x and the upstream gradient and writes dL/dx while summing the coefficient gradients.
 *
 * <p>The array is split into chunks of elements that share a coefficient set (see {@link ChannelLayout});
 * chunks run in parallel on a fork-join pool of {@code parallelism} threads. Each chunk copies tiles of
 * {@value #TILE} elements from ND4J's buffer into heap arrays, computes in double ({@link RationalTile}) and
 * writes the tile back. Each chunk keeps its own double accumulators for the coefficient gradients; they are
 * merged in chunk order at the end, so the result does not depend on thread timing.
 */
public final class FusedCpuRationalKernel implements RationalKernel {

    static final int TILE = 1024;
    /** Arrays smaller than this run on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 15;
    private static final int CHUNKS_PER_THREAD = 4;

    private final int parallelism;
    private volatile ForkJoinPool pool;

    /** A kernel using all available processors. */
    public FusedCpuRationalKernel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public FusedCpuRationalKernel(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    @Override
    public String name() {
        return "fused-cpu";
    }

    public int parallelism() {
        return parallelism;
    }

    @Override
    public void forward(RationalCoefficients c, INDArray x, INDArray y) {
        ChannelLayout.requireSameLayout("fused kernel", x, y, "y");
        ChannelLayout layout = ChannelLayout.of(x, c.sets());
        run(chunks(layout), chunk -> {
            ElementAccess in = ElementAccess.of(x, TILE);
            ElementAccess out = ElementAccess.of(y, TILE);
            RationalTile tile = new RationalTile(TILE);
            for (long e = chunk.begin; e < chunk.end; e += TILE) {
                int len = (int) Math.min(TILE, chunk.end - e);
                transfer(layout, chunk.set, e, len, in, tile.x, true);
                tile.forward(c, chunk.set, len);
                transfer(layout, chunk.set, e, len, out, tile.out, false);
            }
            return null;
        });
    }

    @Override
    public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
        ChannelLayout.requireSameLayout("fused kernel", x, gradOut, "gradOut");
        ChannelLayout.requireSameLayout("fused kernel", x, gradIn, "gradIn");
        ChannelLayout layout = ChannelLayout.of(x, c.sets());
        int m1 = c.numeratorDegree() + 1;
        int n = c.denominatorDegree();
        List<Chunk> chunks = chunks(layout);
        List<double[]> partials = run(chunks, chunk -> {
            ElementAccess in = ElementAccess.of(x, TILE);
            ElementAccess upstream = ElementAccess.of(gradOut, TILE);
            ElementAccess out = ElementAccess.of(gradIn, TILE);
            RationalTile tile = new RationalTile(TILE);
            double[] gradA = new double[m1];
            double[] gradB = new double[n];
            for (long e = chunk.begin; e < chunk.end; e += TILE) {
                int len = (int) Math.min(TILE, chunk.end - e);
                transfer(layout, chunk.set, e, len, in, tile.x, true);
                transfer(layout, chunk.set, e, len, upstream, tile.g, true);
                tile.backward(c, chunk.set, len, gradA, gradB);
                transfer(layout, chunk.set, e, len, out, tile.out, false);
            }
            double[] partial = Arrays.copyOf(gradA, m1 + n);
            System.arraycopy(gradB, 0, partial, m1, n);
            return partial;
        });
        CoefficientGradients total = new CoefficientGradients(c.sets() * m1, c.sets() * n);
        for (int i = 0; i < chunks.size(); i++) {
            int set = chunks.get(i).set;
            double[] partial = partials.get(i);
            for (int k = 0; k < m1; k++) {
                total.numerator()[set * m1 + k] += partial[k];
            }
            for (int j = 0; j < n; j++) {
                total.denominator()[set * n + j] += partial[m1 + j];
            }
        }
        if (c.form() == DenominatorForm.SAFE_ABS_TERMS) {
            double[] b = c.denominator();
            for (int i = 0; i < b.length; i++) {
                total.denominator()[i] *= b[i] < 0 ? -1 : 1;
            }
        }
        return total;
    }

    /**
     * Copies {@code len} elements of one set, starting at set-local index {@code e}, between the array and
     * {@code tile}. Set-local index e = o·run + t lies in memory at (o·sets + set)·run + t.
     */
    private static void transfer(ChannelLayout layout, int set, long e, int len, ElementAccess access,
                                 double[] tile, boolean read) {
        long run = layout.runLength();
        int pos = 0;
        while (pos < len) {
            long o = e / run;
            long t = e - o * run;
            int segment = (int) Math.min(run - t, len - pos);
            long memory = (o * layout.sets() + set) * run + t;
            if (read) {
                access.read(memory, tile, pos, segment);
            } else {
                access.write(memory, tile, pos, segment);
            }
            pos += segment;
            e += segment;
        }
    }

    /** Elements [begin, end) of one set, in set-local indices. */
    private static final class Chunk {
        final int set;
        final long begin;
        final long end;

        Chunk(int set, long begin, long end) {
            this.set = set;
            this.begin = begin;
            this.end = end;
        }
    }

    private List<Chunk> chunks(ChannelLayout layout) {
        long perSet = layout.outer() * layout.runLength();
        int sets = layout.sets();
        int perSetChunks = 1;
        if (parallelism > 1 && layout.length() >= PARALLEL_THRESHOLD) {
            int target = parallelism * CHUNKS_PER_THREAD;
            perSetChunks = (int) Math.max(1, Math.min((target + sets - 1) / sets, perSet / TILE));
        }
        long chunkLength = (perSet + perSetChunks - 1) / perSetChunks;
        chunkLength = (chunkLength + TILE - 1) / TILE * TILE;
        List<Chunk> chunks = new ArrayList<>();
        for (int s = 0; s < sets; s++) {
            for (long b = 0; b < perSet; b += chunkLength) {
                chunks.add(new Chunk(s, b, Math.min(perSet, b + chunkLength)));
            }
        }
        return chunks;
    }

    @FunctionalInterface
    private interface ChunkWork<T> {
        T apply(Chunk chunk);
    }

    private <T> List<T> run(List<Chunk> chunks, ChunkWork<T> work) {
        List<T> results = new ArrayList<>(chunks.size());
        if (chunks.size() == 1 || parallelism == 1) {
            for (Chunk chunk : chunks) {
                results.add(work.apply(chunk));
            }
            return results;
        }
        List<Callable<T>> tasks = new ArrayList<>(chunks.size());
        for (Chunk chunk : chunks) {
            tasks.add(() -> work.apply(chunk));
        }
        try {
            for (Future<T> f : pool().invokeAll(tasks)) {
                results.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("fused rational kernel interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("fused rational kernel failed", cause);
        }
        return results;
    }

    private ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(parallelism);
                    pool = p;
                }
            }
        }
        return p;
    }
}
