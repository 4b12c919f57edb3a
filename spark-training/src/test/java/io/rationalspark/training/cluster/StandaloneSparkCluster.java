package io.rationalspark.training.cluster;

import io.rationalspark.training.LocalSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.deploy.master.Master;
import org.apache.spark.deploy.worker.Worker;
import org.apache.spark.rpc.RpcEnv;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JUnit 5 extension: a real Spark standalone cluster inside the test JVM, and a {@link JavaSparkContext} connected
 * to it as a client-mode driver. A {@code Master} and one {@code Worker} run in this JVM on 127.0.0.1; the Worker
 * launches every executor as a separate JVM (a child process of this one), exactly as on a cluster. Register it as
 * a static field with {@code @RegisterExtension}; the context is injected as a {@link JavaSparkContext} parameter.
 *
 * <p>What the Worker needs to launch executors without a Spark distribution (see docs/cluster-testing.md):
 * <ul>
 *   <li>env {@code SPARK_HOME}: a directory with a {@code jars/} folder, which may be empty (created here);</li>
 *   <li>env {@code SPARK_SCALA_VERSION}, else Spark's launcher looks for a Spark build tree;</li>
 *   <li>env {@code SPARK_LOCAL_IP=127.0.0.1}, else the Master's and Worker's web UIs (which cannot be switched
 *       off) bind every interface; the executors inherit it and bind 127.0.0.1 too;</li>
 *   <li>system property {@value #OPENS_PROPERTY}: the Java 17 openings, passed to the executors.</li>
 * </ul>
 * Surefire sets all four (spark-training/pom.xml); elsewhere (an IDE) the tests are skipped with a message.
 * Executors get this JVM's class path as {@code spark.executor.extraClassPath}, so test classes and every
 * dependency are there without building a jar.
 *
 * <p>{@code afterAll} stops the context, the Worker (which kills its executors) and the Master, then waits for every
 * executor process (a child of this JVM) to end, killing and reporting any that outlive the Worker.
 */
public final class StandaloneSparkCluster implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    /** System property holding the JVM options that executors need (the parent pom's spark.java17.opens). */
    public static final String OPENS_PROPERTY = "rationalspark.java17.opens";

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneSparkCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration EXECUTORS_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    /** Executors and heap of {@link #shared()}: enough for every cluster test (the large-model one needs 2 GiB). */
    public static final int SHARED_EXECUTORS = 4;
    public static final int SHARED_EXECUTOR_MEMORY_MB = 2048;
    private static StandaloneSparkCluster sharedRunning;
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StandaloneSparkCluster.class);

    private final int executors;
    private final int executorMemoryMb;
    private final boolean shared;
    private Path workDir;
    private RpcEnv master;
    private RpcEnv worker;
    /** {@code --worker-url} of this cluster's executors: tells them from other clusters' in the same JVM. */
    private String workerUrl;
    private JavaSparkContext sc;

    /**
     * @param executors        executor JVMs to start, each with one core (the Worker offers this many cores)
     * @param executorMemoryMb heap of each executor JVM
     */
    public StandaloneSparkCluster(int executors, int executorMemoryMb) {
        this(executors, executorMemoryMb, false);
    }

    /**
     * The cluster the test classes registering {@code shared()} use: started by the first of them, kept running
     * between classes until a class needs a Spark context of its own ({@link #releaseShared()}) or the test run ends
     * (JUnit's root store closes it). Each class waits at its start until all {@value #SHARED_EXECUTORS} executors are
     * registered.
     */
    public static StandaloneSparkCluster shared() {
        return new StandaloneSparkCluster(SHARED_EXECUTORS, SHARED_EXECUTOR_MEMORY_MB, true);
    }

    private StandaloneSparkCluster(int executors, int executorMemoryMb, boolean shared) {
        this.shared = shared;
        if (executors < 1 || executorMemoryMb < 512) {
            throw new IllegalArgumentException("need >= 1 executor of >= 512 MB, got " + executors + " of "
                    + executorMemoryMb + " MB");
        }
        this.executors = executors;
        this.executorMemoryMb = executorMemoryMb;
    }

    /** The driver's context; null outside the test class's lifetime. */
    public JavaSparkContext context() {
        return sc;
    }

    /** The Master's URL, {@code spark://127.0.0.1:<port>}. */
    public String masterUrl() {
        return "spark://" + HOST + ":" + master.address().port();
    }

    /**
     * The distinct JVMs ({@code pid@host}, as {@link java.lang.management.RuntimeMXBean#getName()}) that ran the
     * tasks of one job of {@code tasks} tasks, each task holding its slot for {@code taskMillis} so that all
     * executors get some.
     */
    public static Set<String> taskJvms(JavaSparkContext sc, int tasks, long taskMillis) {
        List<Integer> seeds = IntStream.range(0, tasks).boxed().collect(Collectors.toList());
        return new TreeSet<>(sc.parallelize(seeds, tasks).mapPartitions(new JvmName(taskMillis)).collect());
    }

    /** pid@host of the JVM running this code. */
    public static String jvmName() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    // ---- helpers for fault tests (killing executors) -------------------------------------------------------------

    /** Process ids of this cluster's live executor JVMs (children of this JVM running Spark's executor backend). */
    public List<Long> executorPids() {
        return children(workerUrl).stream().map(ProcessHandle::pid).sorted().collect(Collectors.toList());
    }

    /**
     * Waits until {@code count} executors are registered with the driver (e.g. the Master's replacement for a killed
     * one), or fails after the startup timeout with the executors' logs.
     */
    public void awaitRegisteredExecutors(int count) {
        long deadline = System.nanoTime() + EXECUTORS_TIMEOUT.toNanos();
        while (registeredExecutors() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(registeredExecutors() + " of " + count + " executors registered "
                        + "within " + EXECUTORS_TIMEOUT.toSeconds() + " s; executor logs:\n" + executorLogs());
            }
            sleep(100);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String sparkHome = System.getenv("SPARK_HOME");
        String opens = System.getProperty(OPENS_PROPERTY);
        assumeTrue(sparkHome != null && System.getenv("SPARK_SCALA_VERSION") != null
                        && HOST.equals(System.getenv("SPARK_LOCAL_IP")) && opens != null,
                "a standalone Spark cluster needs env SPARK_HOME, SPARK_SCALA_VERSION, SPARK_LOCAL_IP=127.0.0.1 and "
                        + "-D" + OPENS_PROPERTY + " (surefire in spark-training/pom.xml sets them; run it with Maven)");
        if (shared) {
            // the run's end stops whatever shared cluster is running then
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stop-shared-at-the-end",
                    key -> (ExtensionContext.Store.CloseableResource) StandaloneSparkCluster::releaseShared);
            StandaloneSparkCluster running = sharedCluster(context.getRequiredTestClass().getSimpleName(), sparkHome,
                    opens);
            master = running.master;
            worker = running.worker;
            workerUrl = running.workerUrl;
            sc = running.sc;
            workDir = running.workDir;
            awaitExecutors();
            return;
        }
        // one SparkContext per JVM: a class with a cluster of its own ends the shared one's turn
        releaseShared();
        startOwn(context.getRequiredTestClass().getSimpleName(), sparkHome, opens);
    }

    /** The running shared cluster, started by the class that needs it first (or first after a release). */
    private static synchronized StandaloneSparkCluster sharedCluster(String firstClass, String sparkHome, String opens)
            throws Exception {
        if (sharedRunning == null) {
            StandaloneSparkCluster cluster = new StandaloneSparkCluster(SHARED_EXECUTORS, SHARED_EXECUTOR_MEMORY_MB,
                    true);
            cluster.startOwn("cluster tests (shared, from " + firstClass + ")", sparkHome, opens);
            sharedRunning = cluster;
        }
        return sharedRunning;
    }

    /**
     * Stops the shared cluster if it runs. Spark allows one SparkContext per JVM, and surefire runs every test class
     * in one JVM: a class that needs another context (a cluster of its own, {@code LocalSpark}) calls this first, and
     * the next class registering {@link #shared()} starts it again. Classes that share it and run one after another
     * (the cluster package's) pay for one start.
     */
    public static synchronized void releaseShared() {
        if (sharedRunning != null) {
            StandaloneSparkCluster cluster = sharedRunning;
            sharedRunning = null;
            cluster.stop();
        }
    }

    private void startOwn(String appName, String sparkHome, String opens) throws Exception {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(Path.of(sparkHome, "jars"));
            workDir = Files.createTempDirectory("rationalspark-worker-");
            start(appName, opens);
        } catch (Exception | Error e) {
            try {
                stop();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        LOG.info("standalone Spark cluster {} up with {} executor JVMs in {} s", masterUrl(), executors,
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }

    private void start(String appName, String opens) {
        SparkConf daemons = new SparkConf(false).set("spark.master.rest.enabled", "false");
        master = Master.startRpcEnvAndEndpoint(HOST, 0, 0, daemons)._1();
        worker = Worker.startRpcEnvAndEndpoint(HOST, 0, 0, executors, executors * executorMemoryMb,
                new String[]{masterUrl()}, workDir.toString(), Option.empty(), daemons, Option.empty());
        workerUrl = "spark://Worker@" + HOST + ":" + worker.address().port();
        SparkConf conf = LocalSpark.conf(masterUrl(), appName)
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", String.valueOf(executors))
                .set("spark.executor.memory", executorMemoryMb + "m")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", opens)
                // one core per executor: keep ND4J's OpenMP pool to one thread as well
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        awaitExecutors();
    }

    /** Waits until all executors have registered with the driver, or fails with the tail of their stderr. */
    private void awaitExecutors() {
        long deadline = System.nanoTime() + EXECUTORS_TIMEOUT.toNanos();
        while (registeredExecutors() < executors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(registeredExecutors() + " of " + executors + " executors registered "
                        + "within " + EXECUTORS_TIMEOUT.toSeconds() + " s; executor logs:\n" + executorLogs());
            }
            sleep(100);
        }
    }

    /** Executors with a block manager registered at the driver (the status tracker lists the driver too). */
    private int registeredExecutors() {
        return sc.sc().statusTracker().getExecutorInfos().length - 1;
    }

    /** The last lines of every executor's stderr under the Worker's work directory. */
    private String executorLogs() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted()
                    .collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                out.append("--- ").append(f).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())))
                        .append('\n');
            }
        } catch (IOException e) {
            out.append("(cannot read the executor logs: ").append(e).append(")");
        }
        return out.toString();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared) {
            stop();
        }
    }

    /** Stops everything started, in reverse order, each step even when an earlier one failed. */
    private void stop() {
        long t0 = System.nanoTime();
        List<Throwable> failures = new ArrayList<>();
        run(failures, () -> {
            if (sc != null) {
                sc.stop();
            }
        });
        run(failures, () -> shutdown(worker));
        run(failures, () -> shutdown(master));
        String ownExecutors = workerUrl;
        run(failures, () -> awaitChildProcesses(ownExecutors));
        run(failures, () -> deleteRecursively(workDir));
        sc = null;
        worker = null;
        workerUrl = null;
        master = null;
        workDir = null;
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("stopping the standalone Spark cluster failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        LOG.info("standalone Spark cluster stopped in {} s", String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    }

    private static void run(List<Throwable> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }

    private static void shutdown(RpcEnv env) {
        if (env != null) {
            env.shutdown();
            env.awaitTermination();
        }
    }

    /**
     * The Worker kills its executors when it stops; waits for every executor process it started (children of this
     * JVM) to end, and kills and reports any that do not.
     */
    private static void awaitChildProcesses(String workerUrl) {
        if (workerUrl == null) {
            return;
        }
        long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
        List<ProcessHandle> alive = children(workerUrl);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            sleep(100);
            alive = children(workerUrl);
        }
        if (!alive.isEmpty()) {
            String commands = alive.stream().map(p -> p.pid() + " " + p.info().command().orElse("?"))
                    .collect(Collectors.joining(", "));
            alive.forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException("executor processes outlived the Worker by "
                    + EXIT_TIMEOUT.toSeconds() + " s and were killed: " + commands);
        }
    }

    /** Live executor processes the Worker at {@code workerUrl} started (children running Spark's executor backend). */
    private static List<ProcessHandle> children(String workerUrl) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> commandLine(p).contains(EXECUTOR_CLASS))
                .filter(p -> commandLine(p).contains(" " + workerUrl + " ") || commandLine(p).endsWith(" " + workerUrl))
                .collect(Collectors.toList());
    }

    /**
     * The whole command line of {@code process}. {@code ProcessHandle.Info.commandLine()} is cut at 4096 characters
     * on Linux (and {@code arguments()} is then empty), and an executor's class path alone is ≈17 KB, so the class
     * name after it is read from {@code /proc/<pid>/cmdline} where that exists.
     */
    private static String commandLine(ProcessHandle process) {
        Path proc = Path.of("/proc", String.valueOf(process.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // the process ended meanwhile: fall through
        }
        return process.info().commandLine().orElse("");
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the Worker's work directory " + dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return sc;
    }

    /** Holds the task's slot for a while and returns the name of the JVM it ran in. */
    private static final class JvmName implements FlatMapFunction<Iterator<Integer>, String> {
        private final long millis;

        JvmName(long millis) {
            this.millis = millis;
        }

        @Override
        public Iterator<String> call(Iterator<Integer> ignored) throws InterruptedException {
            Thread.sleep(millis);
            return List.of(jvmName()).iterator();
        }
    }
}
