package io.rationalspark.jobs.bench;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep plan and the bench section's validation, without Spark. */
class BenchPlanTest {

    @Test
    void theIssuesSweepIsTenDistinctPointsAroundTheBase() {
        BenchPlan plan = BenchPlan.of(JobConfig.defaults().bench(), 940);
        // base + workers 1, 2 + k 1, 20, 50 + data ×2, ×4 + width ×2, ×4
        assertEquals(10, plan.points().size());
        assertEquals(235, plan.baseMinibatches(), "940 minibatches / the largest data size 4");
        assertEquals(new SweepPoint(4, 5, 1, 1), plan.base());
        assertEquals(List.of(1.0, 2.0, 4.0), plan.sweep(BenchPlan.Factor.WORKERS).stream()
                .map(p -> (double) p.workers()).toList());
        assertEquals(4, plan.sweep(BenchPlan.Factor.AVERAGING_PERIOD).size());
        assertEquals(3, plan.sweep(BenchPlan.Factor.DATA_SIZE).size());
        assertEquals(940, plan.minibatches(new SweepPoint(4, 5, 4, 1)));
        for (int i = 1; i < plan.points().size(); i++) {
            SweepPoint a = plan.points().get(i - 1);
            SweepPoint b = plan.points().get(i);
            assertTrue(a.dataSize() < b.dataSize() || a.dataSize() == b.dataSize() && a.workers() <= b.workers(),
                    "points sharing their data are consecutive: " + plan.points());
        }
        assertEquals("w4-k5-d1-x1", plan.base().name());
        assertEquals("w4-k5-d1-x0.5", plan.base().withWidth(0.5).name());
    }

    @Test
    void theEnginesWarmUpWhereTheMostWorkersRunSoThatEveryExecutorIsWarm() {
        assertEquals(new SweepPoint(4, 5, 1, 1), ClusterBenchJob.warmUpPoint(BenchPlan.of(JobConfig.defaults().bench(), 940)));
        JobConfig smallBase = JobConfig.load(List.of("bench.base.workers=2", "bench.workers=[1, 8]"));
        assertEquals(new SweepPoint(8, 5, 1, 1), ClusterBenchJob.warmUpPoint(BenchPlan.of(smallBase.bench(), 940)));
    }

    @Test
    void moreWorkersThanMinibatchesIsRefusedNamingTheKey() {
        JobConfig config = JobConfig.load(List.of("bench.workers=[1, 8]", "bench.base.workers=2",
                "bench.dataSizes=[1]", "bench.baseMinibatches=5"));
        JobConfigException e = assertThrows(JobConfigException.class, () -> BenchPlan.of(config.bench(), 100));
        assertTrue(e.getMessage().startsWith("bench.workers: 8 workers"), e.getMessage());
        assertTrue(e.getMessage().contains("only 5 training minibatches"), e.getMessage());
    }

    @Test
    void dataTooSmallForTheLargestDataSizeIsRefusedNamingTheKey() {
        JobConfig config = JobConfig.load(List.of("bench.baseMinibatches=100"));
        JobConfigException e = assertThrows(JobConfigException.class, () -> BenchPlan.of(config.bench(), 300));
        assertTrue(e.getMessage().startsWith("bench.baseMinibatches = 100"), e.getMessage());
        assertThrows(JobConfigException.class, () -> BenchPlan.of(JobConfig.defaults().bench(), 3));
    }

    @Test
    void badSweepSettingsNameTheKey() {
        assertEquals("bench.workers must list at least one value, got []", error("bench.workers=[]"));
        assertEquals("bench.workers[1] must be >= 1, got 0", error("bench.workers=[1, 0]"));
        assertEquals("bench.averagingPeriods[0] must be >= 1, got 0", error("bench.averagingPeriods=[0, 5]"));
        assertEquals("bench.averagingPeriods must list at least one value, got []", error("bench.averagingPeriods=[]"));
        assertEquals("bench.base.workers must be >= 1, got 0", error("bench.base.workers=0"));
        assertEquals("bench.base.averagingPeriod must be >= 1, got 0", error("bench.base.averagingPeriod=0"));
        assertEquals("bench.dataSizes[1]: 1 is listed twice", error("bench.dataSizes=[1, 1]"));
        assertEquals("bench.widths[0] must be a finite number > 0, got 0.0", error("bench.widths=[0]"));
        assertEquals("bench.engines must list at least one engine, got []", error("bench.engines=[]"));
        assertTrue(error("bench.engines=[dl4j]").startsWith("bench.engines[0]: unknown engine 'dl4j'"),
                error("bench.engines=[dl4j]"));
    }

    @Test
    void theBenchmarkNeedsWholeEpochsOfAClassifier() {
        JobConfigException e = assertThrows(JobConfigException.class, () -> ClusterBenchJob.checkSettings(
                JobConfig.load(List.of("trainer.epochs=0", "trainer.maxRounds=10"))));
        assertTrue(e.getMessage().contains("trainer.epochs must be >= 1, got 0"), e.getMessage());
        e = assertThrows(JobConfigException.class, () -> ClusterBenchJob.checkSettings(
                JobConfig.load(List.of("trainer.maxRounds=10"))));
        assertTrue(e.getMessage().contains("trainer.maxRounds must be 0"), e.getMessage());
    }

    private static String error(String override) {
        return assertThrows(JobConfigException.class, () -> JobConfig.load(List.of(override))).getMessage();
    }
}
