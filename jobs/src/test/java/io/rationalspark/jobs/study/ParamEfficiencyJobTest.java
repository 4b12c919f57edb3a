package io.rationalspark.jobs.study;

import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.run.RunDirectory;
import io.rationalspark.jobs.study.ApproximationExperiment.Measurement;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approximation experiment's measurements kept in the run directory, where a resumed run finds them. */
class ParamEfficiencyJobTest {

    @Test
    void measurementsAreKeptInTheRunDirectoryAndFoundAgainAfterARestart(@TempDir Path tmp) throws Exception {
        JobConfig config = JobConfig.load(List.of("study.approximation.only=true",
                "output.dir=" + tmp.resolve("run").toUri()));
        Measurement m = new Measurement(Target.BUMP_0_03, "rational (3,2) plain", new Size(2, 4), 61, 3.5e-4, 1.25e-4,
                3, 1, 42.5);
        RunDirectory first = RunDirectory.open(config, new Configuration());
        ApproximationExperiment.Saved saved = ParamEfficiencyJob.savedIn(first);
        assertEquals(Optional.empty(), saved.read("bump-0.03_rational-3-2-plain_2x4"));
        saved.write("bump-0.03_rational-3-2-plain_2x4", m);
        assertTrue(Files.isRegularFile(tmp.resolve("run/approximation/bump-0.03_rational-3-2-plain_2x4.txt")));

        RunDirectory resumed = RunDirectory.open(config, new Configuration());
        assertTrue(resumed.resumed(), "the unfinished run of the same config is resumed");
        assertEquals(Optional.of(m), ParamEfficiencyJob.savedIn(resumed).read("bump-0.03_rational-3-2-plain_2x4"));

        // A file cut short (through Hadoop, so that its checksum matches: the local file system's .crc files catch
        // changes made behind its back with a ChecksumException before we read anything)
        resumed.writeText("approximation/bump-0.03_rational-3-2-plain_2x4.txt", "target=bump-0.03\n");
        IllegalArgumentException damaged = assertThrows(IllegalArgumentException.class,
                () -> ParamEfficiencyJob.savedIn(resumed).read("bump-0.03_rational-3-2-plain_2x4"));
        assertTrue(damaged.getMessage().contains("bump-0.03_rational-3-2-plain_2x4.txt is damaged: no family field"),
                damaged.getMessage());
    }
}
