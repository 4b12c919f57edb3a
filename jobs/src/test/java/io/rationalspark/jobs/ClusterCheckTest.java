package io.rationalspark.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterCheckTest {

    @Test
    void countsEveryElementAndNamesTheJvmThatRanTheTasks(@TempDir Path dir) throws IOException {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("ClusterCheckTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        ClusterCheck.Result r;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            r = ClusterCheck.run(sc, 5, 1003, Optional.of(dir.toUri().toString()));
        }
        assertEquals(1003, r.count());
        assertEquals(Optional.of(1003L), r.readBack());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the written directory is deleted");
        }
        assertTrue(r.ok());
        // local mode: the driver's JVM ran all five tasks, and it is no executor
        assertEquals(1, r.jvms().size());
        assertEquals(r.driverJvm(), r.jvms().get(0).jvm());
        assertEquals(5, r.jvms().get(0).tasks());
        assertEquals("CpuBackend", r.jvms().get(0).nd4jBackend());
        assertTrue(r.executors().isEmpty());

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ClusterCheck.print(r, new PrintStream(text, true, StandardCharsets.UTF_8));
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("counted 1003 of 1003 elements (OK) in 1 JVM(s), 0 of them executor(s)"), printed);
        assertTrue(printed.contains("wrote and read back 1003 of 1003 elements (OK)"), printed);
        assertTrue(printed.contains("driver   " + r.driverJvm()), printed);
    }

    @Test
    void aWrongCountIsNotOk() {
        assertFalse(new ClusterCheck.Result(10, 9, "1@h", List.of(), Optional.empty()).ok());
        assertFalse(new ClusterCheck.Result(10, 10, "1@h", List.of(), Optional.of(9L)).ok());
        assertTrue(new ClusterCheck.Result(10, 10, "1@h", List.of(), Optional.of(10L)).ok());
    }
}
