package io.rationalspark.jobs;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Checks a Spark cluster and the job jar end to end: one job of {@code tasks} tasks counts {@code elements}
 * numbers, and every task reports the JVM that ran it ({@code pid@host}) and the ND4J backend that JVM loaded from
 * the job jar (so a missing class, native library or ServiceLoader entry on the executors shows here, not in a
 * training job). Given a directory (a Hadoop URI such as {@code hdfs://127.0.0.1:8020/tmp}), the executors also write
 * the numbers there as text and the job counts them back, then deletes what it wrote.
 *
 * <pre>{@code
 * scripts/local-cluster.sh start
 * scripts/spark-submit.sh --master spark://127.0.0.1:7077 io.rationalspark.jobs.ClusterCheck [TASKS [ELEMENTS [DIR]]]
 * }</pre>
 * Exits 1 when a count is wrong.
 */
public final class ClusterCheck {

    /** What one JVM did: its tasks, the elements they counted, its ND4J backend. */
    public record JvmReport(String jvm, int tasks, long elements, String nd4jBackend) implements Serializable {
        private static final long serialVersionUID = 1L;

        public JvmReport {
            Objects.requireNonNull(jvm, "jvm");
            Objects.requireNonNull(nd4jBackend, "nd4jBackend");
        }

        JvmReport merge(JvmReport other) {
            return new JvmReport(jvm, tasks + other.tasks, elements + other.elements, nd4jBackend);
        }
    }

    /**
     * The check's outcome.
     *
     * @param expected  elements submitted
     * @param count     elements counted by the tasks
     * @param driverJvm the driver's JVM name ({@code pid@host})
     * @param jvms      one report per JVM that ran tasks, by name
     * @param readBack  the elements written to the directory and read back, when one was given
     */
    public record Result(long expected, long count, String driverJvm, List<JvmReport> jvms, Optional<Long> readBack) {
        public Result {
            jvms = List.copyOf(jvms);
            Objects.requireNonNull(readBack, "readBack");
        }

        /** The JVMs that ran tasks, other than the driver: the executors of a cluster (none in local mode). */
        public List<JvmReport> executors() {
            return jvms.stream().filter(j -> !j.jvm().equals(driverJvm)).toList();
        }

        public boolean ok() {
            return count == expected && readBack.map(n -> n == expected).orElse(true);
        }
    }

    private ClusterCheck() {
    }

    /** Counts the elements of one partition and names the JVM (and its ND4J backend) that did it. */
    static final class PartitionReport implements FlatMapFunction<Iterator<Integer>, JvmReport> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<JvmReport> call(Iterator<Integer> partition) {
            long n = 0;
            while (partition.hasNext()) {
                partition.next();
                n++;
            }
            return List.of(new JvmReport(jvmName(), 1, n, nd4jBackend())).iterator();
        }
    }

    public static void main(String[] args) {
        int tasks = args.length > 0 ? positive("TASKS", args[0]) : 8;
        int elements = args.length > 1 ? positive("ELEMENTS", args[1]) : 100_000;
        Optional<String> dir = args.length > 2 ? Optional.of(args[2]) : Optional.empty();
        SparkConf conf = new SparkConf().setIfMissing("spark.app.name", "ClusterCheck");
        Result result;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            System.out.printf(Locale.ROOT, "ClusterCheck: master %s, %d tasks, %d elements%n", sc.master(), tasks,
                    elements);
            result = run(sc, tasks, elements, dir);
        }
        print(result, System.out);
        if (!result.ok()) {
            System.exit(1);
        }
    }

    /**
     * Runs the check on {@code sc}: one job of {@code tasks} tasks over the numbers 0 .. elements-1; with a
     * directory, a second job writes them under it (a new sub-directory, deleted afterwards) and a third counts them
     * back.
     */
    public static Result run(JavaSparkContext sc, int tasks, int elements, Optional<String> dir) {
        List<Integer> numbers = IntStream.range(0, elements).boxed().collect(Collectors.toList());
        JavaRDD<Integer> rdd = sc.parallelize(numbers, tasks);
        List<JvmReport> perTask = rdd.mapPartitions(new PartitionReport()).collect();
        Map<String, JvmReport> byJvm = new TreeMap<>();
        for (JvmReport r : perTask) {
            byJvm.merge(r.jvm(), r, JvmReport::merge);
        }
        long count = perTask.stream().mapToLong(JvmReport::elements).sum();
        Optional<Long> readBack = dir.map(d -> writeAndCount(sc, rdd, d));
        return new Result(elements, count, jvmName(), new ArrayList<>(byJvm.values()), readBack);
    }

    private static long writeAndCount(JavaSparkContext sc, JavaRDD<Integer> rdd, String dir) {
        Path out = new Path(dir, "cluster-check-" + System.currentTimeMillis());
        try {
            FileSystem fs = out.getFileSystem(sc.hadoopConfiguration());
            try {
                rdd.saveAsTextFile(out.toString());
                return sc.textFile(out.toString()).count();
            } finally {
                fs.delete(out, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ClusterCheck: could not use " + out, e);
        }
    }

    public static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "counted %d of %d elements (%s) in %d JVM(s), %d of them executor(s); driver %s%n",
                r.count(), r.expected(), r.ok() ? "OK" : "WRONG", r.jvms().size(), r.executors().size(),
                r.driverJvm());
        r.readBack().ifPresent(n -> out.printf(Locale.ROOT, "wrote and read back %d of %d elements (%s)%n", n,
                r.expected(), n == r.expected() ? "OK" : "WRONG"));
        for (JvmReport j : r.jvms()) {
            out.printf(Locale.ROOT, "  %-8s %-28s %3d tasks %9d elements   ND4J %s%n",
                    j.jvm().equals(r.driverJvm()) ? "driver" : "executor", j.jvm(), j.tasks(), j.elements(),
                    j.nd4jBackend());
        }
    }

    static String jvmName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    /** The ND4J backend of this JVM, after one small native operation on it. */
    static String nd4jBackend() {
        double sum = Nd4j.ones(DataType.DOUBLE, 4).sumNumber().doubleValue();
        if (sum != 4.0) {
            throw new IllegalStateException("ND4J computed sum(ones(4)) = " + sum + " in " + jvmName());
        }
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + value + "'"
                + " (usage: ClusterCheck [TASKS [ELEMENTS [DIR]]])");
    }
}
