package io.rationalspark.layers.rational.kernel;

import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalCoefficients;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * The rational activation in one pass over memory on the CPU: forward reads x and writes y; backward reads
 * x and the upstream gradient and writes dL/dx while summing the coefficient gradients.
 *
 * <p>The array is split into chunks of elements that share a coefficient set (see {@link ChannelLayout}). Arrays of
 * fewer than {@value #PARALLEL_THRESHOLD} elements run on the calling thread, set after set, allocating only a few
 * small objects per call (the pointers to the arrays, the returned gradients) and nothing per tile; larger ones run
 * in chunks on a fork-join pool of {@code parallelism} threads. A chunk
 * copies tiles of {@value #TILE} elements from ND4J's buffer into its thread's {@link FusedTile} (one per thread,
 * reused), computes them and writes them back: FLOAT arrays in float with the Vector API ({@link SimdMode#VECTOR}) or
 * in double ({@link SimdMode#SCALAR}), DOUBLE arrays in double. Each chunk keeps its own double sums of the
 * coefficient gradients; they are merged in chunk order, so the result does not depend on thread timing.
 */
public final class FusedCpuRationalKernel implements RationalKernel {

    static final int TILE = 1024;
    /**
     * Arrays smaller than this run on the calling thread: below it, handing chunks to the pool costs more than the
     * second thread saves (measured with {@code scripts/bench-kernels.sh}, docs/benchmarks.md).
     */
    public static final long PARALLEL_THRESHOLD = 1L << 16;
    private static final int CHUNKS_PER_THREAD = 4;

    private final int parallelism;
    private final SimdMode simd;
    private final long parallelThreshold;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);
    private volatile ForkJoinPool pool;

    /** A kernel using all available processors, in the {@link SimdMode#configured() configured} SIMD mode. */
    public FusedCpuRationalKernel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public FusedCpuRationalKernel(int parallelism) {
        this(parallelism, SimdMode.configured());
    }

    public FusedCpuRationalKernel(int parallelism, SimdMode simd) {
        this(parallelism, simd, PARALLEL_THRESHOLD);
    }

    /**
     * @param parallelThreshold arrays of fewer elements run on the calling thread (benchmarks vary it; the kernel
     *                          rational layers use has {@value #PARALLEL_THRESHOLD})
     */
    public FusedCpuRationalKernel(int parallelism, SimdMode simd, long parallelThreshold) {
        if (parallelThreshold < 0) {
            throw new IllegalArgumentException("parallelThreshold must be >= 0, got " + parallelThreshold);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
        }
        if (simd == SimdMode.VECTOR) {
            SimdMode.requireVectorApi();
        }
        this.parallelism = parallelism;
        this.simd = simd;
        this.parallelThreshold = parallelThreshold;
    }

    @Override
    public String name() {
        return "fused-cpu";
    }

    public int parallelism() {
        return parallelism;
    }

    /** How FLOAT arrays are computed. */
    public SimdMode simd() {
        return simd;
    }

    @Override
    public void forward(RationalCoefficients c, INDArray x, INDArray y) {
        ChannelLayout.requireSameLayout("fused kernel", x, y, "y");
        ElementPointers.check(x);
        ElementPointers.check(y);
        ChannelLayout layout = ChannelLayout.of(x, c.sets());
        if (serial(layout)) {
            ElementPointers arrays = new ElementPointers(x, null, y);
            FusedTile tile = workspaces.get().tile(x.dataType());
            long perSet = layout.outer() * layout.runLength();
            for (int set = 0; set < c.sets(); set++) {
                forward(c, layout, arrays, tile, set, 0, perSet);
            }
            return;
        }
        run(chunks(layout), chunk -> {
            forward(c, layout, new ElementPointers(x, null, y), workspaces.get().tile(x.dataType()), chunk.set,
                    chunk.begin, chunk.end);
            return null;
        });
    }

    private static void forward(RationalCoefficients c, ChannelLayout layout, ElementPointers arrays, FusedTile tile,
                                int set, long begin, long end) {
        for (long e = begin; e < end; e += TILE) {
            int len = (int) Math.min(TILE, end - e);
            transfer(layout, set, e, len, tile, arrays.x, arrays.xBase, Transfer.LOAD_X);
            tile.forward(c, set, len);
            transfer(layout, set, e, len, tile, arrays.out, arrays.outBase, Transfer.STORE);
        }
    }

    @Override
    public CoefficientGradients backward(RationalCoefficients c, INDArray x, INDArray gradOut, INDArray gradIn) {
        ChannelLayout.requireSameLayout("fused kernel", x, gradOut, "gradOut");
        ChannelLayout.requireSameLayout("fused kernel", x, gradIn, "gradIn");
        ElementPointers.check(x);
        ElementPointers.check(gradOut);
        ElementPointers.check(gradIn);
        ChannelLayout layout = ChannelLayout.of(x, c.sets());
        int m1 = c.numeratorDegree() + 1;
        int n = c.denominatorDegree();
        CoefficientGradients total = new CoefficientGradients(c.sets() * m1, c.sets() * n);
        if (serial(layout)) {
            ElementPointers arrays = new ElementPointers(x, gradOut, gradIn);
            Workspace workspace = workspaces.get();
            FusedTile tile = workspace.tile(x.dataType());
            long perSet = layout.outer() * layout.runLength();
            for (int set = 0; set < c.sets(); set++) {
                double[] partial = workspace.partial(m1 + n);
                backward(c, layout, arrays, tile, set, 0, perSet, partial);
                addPartial(total, set, partial, m1, n);
            }
        } else {
            List<Chunk> chunks = chunks(layout);
            List<double[]> partials = run(chunks, chunk -> {
                double[] partial = new double[m1 + n];
                backward(c, layout, new ElementPointers(x, gradOut, gradIn), workspaces.get().tile(x.dataType()),
                        chunk.set, chunk.begin, chunk.end, partial);
                return partial;
            });
            for (int i = 0; i < chunks.size(); i++) {
                addPartial(total, chunks.get(i).set, partials.get(i), m1, n);
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

    /** Adds one set's dL/da (into sums[0, m + 1)) and dL/db (into sums[m + 1, m + 1 + n)) over [begin, end). */
    private static void backward(RationalCoefficients c, ChannelLayout layout, ElementPointers arrays, FusedTile tile,
                                 int set, long begin, long end, double[] sums) {
        for (long e = begin; e < end; e += TILE) {
            int len = (int) Math.min(TILE, end - e);
            transfer(layout, set, e, len, tile, arrays.x, arrays.xBase, Transfer.LOAD_X);
            transfer(layout, set, e, len, tile, arrays.g, arrays.gBase, Transfer.LOAD_G);
            tile.backward(c, set, len, sums);
            transfer(layout, set, e, len, tile, arrays.out, arrays.outBase, Transfer.STORE);
        }
    }

    private static void addPartial(CoefficientGradients total, int set, double[] partial, int m1, int n) {
        for (int k = 0; k < m1; k++) {
            total.numerator()[set * m1 + k] += partial[k];
        }
        for (int j = 0; j < n; j++) {
            total.denominator()[set * n + j] += partial[m1 + j];
        }
    }

    private boolean serial(ChannelLayout layout) {
        return parallelism == 1 || layout.length() < parallelThreshold;
    }

    private enum Transfer { LOAD_X, LOAD_G, STORE }

    /**
     * Moves {@code len} elements of one set, starting at set-local index {@code e}, between the buffer and the tile.
     * Set-local index e = o·run + t lies in memory at (o·sets + set)·run + t; with one set, the runs are contiguous.
     */
    private static void transfer(ChannelLayout layout, int set, long e, int len, FusedTile tile, Pointer array,
                                 long base, Transfer what) {
        long run = layout.sets() == 1 ? layout.length() : layout.runLength();
        int pos = 0;
        while (pos < len) {
            long o = e / run;
            long t = e - o * run;
            int segment = (int) Math.min(run - t, len - pos);
            long position = base + (o * layout.sets() + set) * run + t;
            if (what == Transfer.STORE) {
                tile.store(array, position, pos, segment);
            } else {
                tile.load(what == Transfer.LOAD_G, array, position, pos, segment);
            }
            pos += segment;
            e += segment;
        }
    }

    /**
     * JavaCPP pointers to a call's arrays (x, the upstream gradient or null, the output), one set per thread: a tile
     * moves a pointer's position to the elements it copies. {@code *Base} is the position of an array's first element.
     * (Pointers, not {@code DataBuffer.asNioFloat()}: that view costs about 10 µs a call, more than a whole 64 × 128
     * forward pass.)
     */
    private static final class ElementPointers {
        final Pointer x;
        final long xBase;
        final Pointer g;
        final long gBase;
        final Pointer out;
        final long outBase;

        ElementPointers(INDArray x, INDArray g, INDArray out) {
            this.x = pointer(x);
            this.xBase = base(x, this.x);
            this.g = g == null ? null : pointer(g);
            this.gBase = g == null ? 0 : base(g, this.g);
            this.out = pointer(out);
            this.outBase = base(out, this.out);
        }

        /** Checks what the kernels support, naming the problem. */
        static void check(INDArray a) {
            if (!ChannelLayout.isDense(a)) {
                throw new IllegalArgumentException("fused kernel needs a dense array, got shape "
                        + java.util.Arrays.toString(a.shape()) + " strides " + java.util.Arrays.toString(a.stride()));
            }
            if (a.offset() + a.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("fused kernel supports arrays of at most 2^31-1 elements, got "
                        + a.length());
            }
            DataType type = a.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("rational kernels support FLOAT and DOUBLE arrays, got " + type);
            }
        }

        /** A new pointer at the start of the array's buffer (the whole buffer's, for a view; see {@link #base}). */
        private static Pointer pointer(INDArray a) {
            Pointer data = a.data().pointer();
            return a.dataType() == DataType.FLOAT ? new FloatPointer(data) : new DoublePointer(data);
        }

        /** The position of the array's first element: the buffer pointer's own position plus the array's offset. */
        private static long base(INDArray a, Pointer p) {
            return p.position() + a.offset();
        }
    }

    /** A thread's tiles (one per element type, made on first use) and scratch sums, reused across calls. */
    private final class Workspace {
        private FusedTile floatTile;
        private FusedTile doubleTile;
        private double[] partial = new double[0];

        FusedTile tile(DataType type) {
            if (type == DataType.FLOAT) {
                if (floatTile == null) {
                    floatTile = simd.floatTile(TILE);
                }
                return floatTile;
            }
            if (doubleTile == null) {
                doubleTile = new RationalTile(TILE);
            }
            return doubleTile;
        }

        /** Zeroed sums for one set's coefficient gradients. */
        double[] partial(int length) {
            if (partial.length < length) {
                partial = new double[length];
            }
            java.util.Arrays.fill(partial, 0, length, 0);
            return partial;
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

    /** The chunks of an array too large for the calling thread alone (not {@link #serial}). */
    private List<Chunk> chunks(ChannelLayout layout) {
        long perSet = layout.outer() * layout.runLength();
        int sets = layout.sets();
        int target = parallelism * CHUNKS_PER_THREAD;
        int perSetChunks = (int) Math.max(1, Math.min((target + sets - 1) / sets, perSet / TILE));
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
        if (chunks.size() == 1) {
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
