package io.rationalspark.jobs.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scripts/study-archive.sh: what a saved study keeps (the study's files, finished runs without their weights, statistics and plots), that
 * a second save replaces the first, and that restore refuses to mix states.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StudyArchiveScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("scripts/study-archive.sh");

    @TempDir
    Path tmp;

    @Test
    void saveKeepsTheStudyAndItsFinishedRunsWithoutWeightsAndRestoreGivesThemBack() throws Exception {
        Path study = tmp.resolve("study");
        write(study, "config.conf", "study { }");
        write(study, ".config.conf.crc", "crc");
        write(study, "compare.md", "partial report");
        write(study, "approximation/bump-0.1_relu_1x2.txt", "max error 0.5");
        write(study, "_tmp-compare.md", "half a file");
        write(study, "runs/relu-seed0/config.conf", "run");
        write(study, "runs/relu-seed0/result.json", "{}");
        write(study, "runs/relu-seed0/model.zip", "weights");
        write(study, "runs/relu-seed0/rounds.jsonl", "{\"round\": 1}");
        write(study, "runs/relu-seed0/rational.png", "a plot");
        write(study, "runs/relu-seed0/checkpoints/round-10/params.bin", "weights");
        write(study, "runs/relu-seed0/_FINISHED", "");
        write(study, "runs/tanh-seed0/config.conf", "run");
        write(study, "runs/tanh-seed0/checkpoints/round-3/params.bin", "weights");

        Path archive = tmp.resolve("docs/studies/compare");
        Result saved = run("save", study, archive);
        assertEquals(0, saved.status, saved.output);
        assertTrue(saved.output.contains("1 finished runs kept, 1 unfinished left out"), saved.output);
        assertEquals(List.of("approximation/bump-0.1_relu_1x2.txt", "compare.md", "config.conf",
                "runs/relu-seed0/_FINISHED", "runs/relu-seed0/config.conf", "runs/relu-seed0/result.json"),
                files(archive));

        // a second save replaces the first: a run that finished since is added, nothing stale stays
        write(study, "runs/tanh-seed0/result.json", "{}");
        write(study, "runs/tanh-seed0/_FINISHED", "");
        Files.delete(study.resolve("compare.md"));
        write(study, "compare.md", "final report");
        assertEquals(0, run("save", study, archive).status);
        assertTrue(files(archive).contains("runs/tanh-seed0/result.json"));
        assertEquals("final report", Files.readString(archive.resolve("compare.md")));
        try (Stream<Path> siblings = Files.list(archive.getParent())) {
            assertEquals(List.of(archive), siblings.collect(Collectors.toList()), "no temporary directory is left");
        }

        Path restored = tmp.resolve("restored");
        Result back = run("restore", archive, restored);
        assertEquals(0, back.status, back.output);
        assertEquals(files(archive), files(restored));

        Result again = run("restore", archive, restored);
        assertEquals(2, again.status);
        assertTrue(again.output.contains("restored already exists and is not empty"), again.output);
    }

    @Test
    void aDirectoryThatIsNoStudyIsRefusedNamingIt() throws Exception {
        Path notAStudy = tmp.resolve("empty");
        Files.createDirectories(notAStudy);
        Result result = run("save", notAStudy, tmp.resolve("archive"));
        assertEquals(2, result.status);
        assertTrue(result.output.contains("empty is not a study directory (no config.conf)"), result.output);
        assertTrue(Files.notExists(tmp.resolve("archive")));
    }

    private static void write(Path root, String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().collect(Collectors.toList());
        }
    }

    private record Result(int status, String output) {
    }

    /** Runs the script from {@code tmp} with paths relative to it, as a user in the project root would. */
    private Result run(String action, Path from, Path to) throws Exception {
        Process process = new ProcessBuilder("bash", SCRIPT.toString(), action, tmp.relativize(from).toString(),
                tmp.relativize(to).toString()).directory(tmp.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script finished");
        return new Result(process.exitValue(), output);
    }
}
