package io.rationalspark.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs our scripts from the project root the way a user does, for the tests that use the job jar on real clusters
 * ({@link JobJarIT}, {@link YarnJobJarIT}): each run's output (both streams) goes to a file in the test's directory,
 * and a run that outlives its limit is killed with everything it started.
 */
final class Scripts {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Path logDir;
    private final Map<String, String> env;
    private final Duration limit;

    /** Scripts that log into {@code logDir}, with {@code env} added to their environment, each for {@code limit}. */
    Scripts(Path logDir, Map<String, String> env, Duration limit) {
        this.logDir = logDir;
        this.env = env;
        this.limit = limit;
    }

    Run run(String... command) throws IOException, InterruptedException {
        return run(List.of(command));
    }

    Run run(List<String> command) throws IOException, InterruptedException {
        Started started = start(command);
        Process process = started.process();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            started.kill();
            throw new AssertionError(command + " did not finish in " + limit + ":\n" + started.output());
        }
        return new Run(process.exitValue(), String.join(" ", command) + "\n" + started.output());
    }

    /** Starts a script without waiting for it (the caller waits, reads its output as it grows, and kills it). */
    Started start(List<String> command) throws IOException {
        Path log = Files.createTempFile(logDir, "script-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new Started(builder.start(), log);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A finished script: its exit status and its command line followed by its output. */
    record Run(int exit, String output) {
    }

    /** A running script and the file its output goes to. */
    record Started(Process process, Path log) {

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }
}
