package io.rationalspark.jobs.run;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The refuse/resume rules of run directories, on file:// URIs. */
class RunDirectoryTest {

    @TempDir
    Path tmp;

    private final Configuration hadoop = new Configuration();

    private String runUri() {
        return tmp.resolve("run").toUri().toString();
    }

    private JobConfig config(String... overrides) {
        return JobConfig.load(List.of("output.dir=" + runUri())).with(overrides.length == 0
                ? new String[] {"trainer.seed=1"} : overrides);
    }

    /** Visible entries of the run directory (Hadoop's local file system adds hidden .crc files). */
    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("run"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void newRunWritesTheResolvedConfigFirst() throws IOException {
        JobConfig config = config();
        RunDirectory run = RunDirectory.open(config, hadoop);
        assertFalse(run.resumed());
        assertEquals(List.of(RunDirectory.CONFIG_FILE), entries());
        String saved = Files.readString(tmp.resolve("run").resolve(RunDirectory.CONFIG_FILE));
        assertTrue(saved.startsWith("# RationalSpark job configuration"), saved);
        assertEquals(config, JobConfig.parse(saved, "saved"), "config.conf reads back to the same config");
        assertTrue(run.path().toString().startsWith("file:"), run.path().toString());
    }

    @Test
    void finishWritesTheMarkerLastAndRefusesLaterWrites() throws IOException {
        RunDirectory run = RunDirectory.open(config(), hadoop);
        run.writeText("result.json", "{\"accuracy\": 0.9}");
        run.writeBytes("eval/confusion.bin", new byte[] {1, 2, 3});
        assertFalse(RunDirectory.isFinished(runUri(), hadoop));
        run.finish();
        assertTrue(run.finished());
        assertTrue(RunDirectory.isFinished(runUri(), hadoop));
        assertEquals(List.of(RunDirectory.FINISHED_MARKER, RunDirectory.CONFIG_FILE, "eval", "result.json"), entries());
        assertTrue(Files.readString(tmp.resolve("run/_FINISHED")).startsWith("finished "));
        assertThrows(IllegalStateException.class, () -> run.writeText("late.txt", "x"));
        assertThrows(IllegalStateException.class, run::finish);
    }

    @Test
    void aFinishedRunIsNeverReused() throws IOException {
        RunDirectory.open(config(), hadoop).finish();
        JobConfigException e = assertThrows(JobConfigException.class, () -> RunDirectory.open(config(), hadoop));
        assertEquals("output.dir file:" + tmp.resolve("run") + " holds a finished run (_FINISHED is there), which is"
                + " never overwritten; choose another output.dir", e.getMessage());
    }

    @Test
    void anUnfinishedRunOfTheSameConfigIsResumed() throws IOException {
        RunDirectory first = RunDirectory.open(config(), hadoop);
        first.writeText("stats.jsonl", "{}\n");
        String savedBefore = Files.readString(tmp.resolve("run").resolve(RunDirectory.CONFIG_FILE));
        RunDirectory again = RunDirectory.open(config("trainer.seed=1", "spark.master=local[3]"), hadoop);
        assertTrue(again.resumed(), "where it runs may change");
        assertEquals("{}\n", again.readText("stats.jsonl"));
        assertEquals(savedBefore, Files.readString(tmp.resolve("run").resolve(RunDirectory.CONFIG_FILE)),
                "config.conf is kept as written");
    }

    @Test
    void anUnfinishedRunOfADifferentConfigIsRefusedNamingBoth() throws IOException {
        RunDirectory.open(config(), hadoop);
        JobConfig other = config("trainer.seed=1", "trainer.averagingPeriod=10");
        JobConfigException e = assertThrows(JobConfigException.class, () -> RunDirectory.open(other, hadoop));
        String message = e.getMessage();
        assertTrue(message.startsWith("output.dir file:" + tmp.resolve("run") + " holds an unfinished run of a"
                + " different config: file:" + tmp.resolve("run/config.conf") + " and the current config (defaults"
                + " --set output.dir="), message);
        assertTrue(message.contains("--set trainer.averagingPeriod=10) differ in trainer.averagingPeriod (saved 5,"
                + " now 10); rerun with the settings of file:" + tmp.resolve("run/config.conf")
                + " to resume that run, or choose another output.dir"), message);
    }

    @Test
    void aDirectoryThatIsNotARunIsRefused() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("run/notes.txt"), "mine");
        JobConfigException e = assertThrows(JobConfigException.class, () -> RunDirectory.open(config(), hadoop));
        assertEquals("output.dir file:" + tmp.resolve("run") + " is not empty and holds no run (no config.conf; it"
                + " has notes.txt); choose another output.dir", e.getMessage());
        assertEquals("mine", Files.readString(tmp.resolve("run/notes.txt")), "untouched");
    }

    @Test
    void anEmptyExistingDirectoryStartsARun() throws IOException {
        Files.createDirectories(tmp.resolve("run"));
        assertFalse(RunDirectory.open(config(), hadoop).resumed());
        assertEquals(List.of(RunDirectory.CONFIG_FILE), entries());
    }

    @Test
    void anUnsetOutputDirIsNamed() {
        JobConfigException e = assertThrows(JobConfigException.class,
                () -> RunDirectory.open(JobConfig.defaults(), hadoop));
        assertTrue(e.getMessage().startsWith("output.dir is not set; choose a run directory"), e.getMessage());
    }

    @Test
    void writesReplaceThroughATemporaryNameAndLeaveNoTemporaries() throws IOException {
        RunDirectory run = RunDirectory.open(config(), hadoop);
        run.writeText("result.json", "first");
        run.writeText("result.json", "second");
        assertEquals("second", run.readText("result.json"));
        assertEquals(List.of(RunDirectory.CONFIG_FILE, "result.json"), entries());
        assertEquals(run.path() + "/checkpoints", run.uri("checkpoints"));
    }

    @Test
    void namesMustStayInsideTheDirectoryAndNotBeReserved() throws IOException {
        RunDirectory run = RunDirectory.open(config(), hadoop);
        for (String bad : new String[] {"", "/etc/x", "../x", "a/../../x", "a//b", "_tmp-x", "file:/x"}) {
            assertThrows(IllegalArgumentException.class, () -> run.writeText(bad, "x"), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> run.writeText(RunDirectory.CONFIG_FILE, "x"));
        assertThrows(IllegalArgumentException.class, () -> run.writeText(RunDirectory.FINISHED_MARKER, "x"));
    }
}
