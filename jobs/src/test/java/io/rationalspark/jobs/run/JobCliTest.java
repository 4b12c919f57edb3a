package io.rationalspark.jobs.run;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobCliTest {

    @TempDir
    Path tmp;

    private final JobCli cli = new JobCli("train", "Trains one network on Spark.");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private JobConfig run(String... args) {
        return cli.config(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesConfAndRepeatedSets() {
        JobCli.Arguments a = JobCli.parseArguments("--conf", "x.conf", "--set", "a.b=1", "--set=c.d=[1, 2]");
        assertFalse(a.help());
        assertEquals(Optional.of(Path.of("x.conf")), a.conf());
        assertEquals(List.of("a.b=1", "c.d=[1, 2]"), a.overrides());
        assertEquals(Optional.of(Path.of("y.conf")), JobCli.parseArguments("--conf=y.conf").conf());
        assertEquals(Optional.empty(), JobCli.parseArguments().conf());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("unknown argument 'train.conf'; expected --conf FILE, --set KEY=VALUE, --debug or --help",
                assertThrows(JobConfigException.class, () -> JobCli.parseArguments("train.conf")).getMessage());
        assertEquals("--conf expects a config file after it",
                assertThrows(JobConfigException.class, () -> JobCli.parseArguments("--conf")).getMessage());
        assertEquals("--set expects key=value, got 'trainer.workers'",
                assertThrows(JobConfigException.class,
                        () -> JobCli.parseArguments("--set", "trainer.workers")).getMessage());
        assertTrue(assertThrows(JobConfigException.class,
                () -> JobCli.parseArguments("--conf", "a.conf", "--conf", "b.conf")).getMessage()
                .startsWith("--conf given twice (a.conf and b.conf)"));
    }

    @Test
    void loadsTheConfigOfTheCommandLine() throws IOException {
        Path conf = tmp.resolve("job.conf");
        Files.writeString(conf, "trainer.workers = 4\n");
        JobConfig c = run("--conf", conf.toString(), "--set", "trainer.averagingPeriod=7");
        assertEquals(4, c.trainer().averaging().workers());
        assertEquals(7, c.trainer().averaging().averagingPeriod());
        assertEquals("", err());
    }

    @Test
    void helpPrintsUsageAndEveryKeyThenExitsZero() {
        JobCli.Exit exit = assertThrows(JobCli.Exit.class, () -> run("--set", "trainer.workers=3", "--help"));
        assertEquals(0, exit.code());
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("Usage: train [--conf FILE] [--set KEY=VALUE]... [--debug] [--help]\n"
                + "Trains one network on Spark.\n"), usage);
        assertTrue(usage.contains("    trainer.averagingPeriod = 5\n"), usage);
        assertTrue(usage.contains("    study.activations = [rational, elu, "), usage);
        assertEquals("", err());
    }

    @Test
    void aBadArgumentExitsTwoWithOneLine() {
        JobCli.Exit exit = assertThrows(JobCli.Exit.class, () -> run("--frobnicate"));
        assertEquals(JobCli.EXIT_USAGE, exit.code());
        assertEquals("train: unknown argument '--frobnicate'; expected --conf FILE, --set KEY=VALUE, --debug or --help"
                + " (see --help)" + System.lineSeparator(), err());
    }

    @Test
    void aBadConfigExitsTwoWithOneLine() {
        JobCli.Exit exit = assertThrows(JobCli.Exit.class, () -> run("--set", "trainer.averagingPeriode=3"));
        assertEquals(2, exit.code());
        assertEquals("train: unknown key 'trainer.averagingPeriode' (did you mean 'trainer.averagingPeriod'?)"
                + " (--set trainer.averagingPeriode=3) (see --help)" + System.lineSeparator(), err());

        err.reset();
        assertEquals(2, assertThrows(JobCli.Exit.class, () -> run("--conf", tmp.resolve("none.conf").toString()))
                .code());
        assertEquals(1, err().split("\\R").length, err());
        assertTrue(err().startsWith("train: config file not found: "), err());
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("train: a b c (see --help)", cli.errorLine(new JobConfigException("a\n  b\r\nc")));
    }

    private int runJob(JobCli.Body body, String... args) {
        return cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), body);
    }

    @Test
    void aUserErrorWhileTheJobRunsIsOneLineAndExitTwoAndDebugAddsTheStackTrace() {
        JobCli.Body finished = config -> {
            throw new JobConfigException("output.dir: runs/x holds a finished run\n  choose another output.dir");
        };
        assertEquals(JobCli.EXIT_USAGE, runJob(finished));
        assertEquals("train: output.dir: runs/x holds a finished run choose another output.dir (--debug shows the"
                + " stack trace)" + System.lineSeparator(), err());

        err.reset();
        assertEquals(JobCli.EXIT_USAGE, runJob(finished, "--debug"));
        String[] lines = err().split("\\R");
        assertEquals("train: output.dir: runs/x holds a finished run choose another output.dir", lines[0]);
        assertTrue(lines[1].startsWith(JobConfigException.class.getName() + ": output.dir"), err());
        assertTrue(err().contains("\tat " + JobCli.class.getName() + ".run("), err());
    }

    @Test
    void userErrorsAreFoundAmongTheCausesAsSparkPassesThemOn() {
        JobCli.Body corruptShard = config -> {
            throw new IllegalStateException("Job aborted due to stage failure",
                    new io.rationalspark.training.data.CorruptShardException("shard part-00001.bin: checksum mismatch"));
        };
        assertEquals(JobCli.EXIT_USAGE, runJob(corruptShard));
        assertEquals("train: shard part-00001.bin: checksum mismatch (--debug shows the stack trace)"
                + System.lineSeparator(), err());
    }

    @Test
    void anInternalErrorKeepsItsStackTraceAndExitsOne() {
        JobCli.Body bug = config -> {
            throw new NullPointerException("a bug");
        };
        assertEquals(JobCli.EXIT_INTERNAL, runJob(bug));
        String[] lines = err().split("\\R");
        assertEquals("train: internal error: java.lang.NullPointerException: a bug", lines[0]);
        assertTrue(lines.length > 2 && lines[2].trim().startsWith("at "), err());
    }

    @Test
    void aJobThatSucceedsExitsZeroAndABadConfigNeverRunsIt() {
        assertEquals(0, runJob(config -> { }));
        assertEquals("", err());
        boolean[] ran = {false};
        assertEquals(JobCli.EXIT_USAGE, runJob(config -> ran[0] = true, "--set", "trainer.epochs=-1"));
        assertFalse(ran[0]);
        assertEquals(1, err().split("\\R").length, err());
    }
}
