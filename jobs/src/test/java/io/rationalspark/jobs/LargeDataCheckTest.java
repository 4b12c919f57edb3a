package io.rationalspark.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LargeDataCheck in local[2] on a few MiB: it writes the shards once, trains an epoch, and reuses them after. */
class LargeDataCheckTest {

    @Test
    void writesTheShardsOnceThenReusesThemAndRefusesAnotherSize(@TempDir Path dir) throws IOException {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("LargeDataCheckTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        String shards = dir.resolve("shards").toUri().toString();
        double gib = 6 / 1024.0;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            LargeDataCheck.Result first = LargeDataCheck.run(sc, shards, gib, 2);
            assertTrue(first.ok(), first.toString());
            assertEquals(6, first.minibatches(), "one epoch over the 6 minibatches written");
            assertTrue(first.dataBytes() >= 6L << 20, "6 MiB of features at least: " + first.dataBytes());
            assertEquals(1, first.executors().size(), "local mode: the driver's JVM ran the tasks");
            long written = Files.getLastModifiedTime(dir.resolve("shards").resolve("_manifest.json")).toMillis();

            LargeDataCheck.Result again = LargeDataCheck.run(sc, shards, gib, 2);
            assertTrue(again.ok(), again.toString());
            assertEquals(written, Files.getLastModifiedTime(dir.resolve("shards").resolve("_manifest.json"))
                    .toMillis(), "the second run reuses the shards");

            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> LargeDataCheck.run(sc, shards, 8 / 1024.0, 2));
            assertTrue(other.getMessage().contains("holds 6 minibatches, not the 8"), other.getMessage());
        }
    }
}
