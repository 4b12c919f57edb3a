package io.rationalspark.jobs.config;

import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.OuterOptimizer;
import io.rationalspark.training.PeerEngine;
import io.rationalspark.training.UpdaterPolicy;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Section {@code trainer}: the engine, the model-averaging schedule and stopping rules (an
 * {@link AveragingConfig}, whose messages already name {@code trainer.*} keys), the optimizer, and checkpoints.
 *
 * @param engine          {@code trainer.engine}
 * @param workers         {@code trainer.workers}: a number, or empty for {@code auto} (the cluster's executor cores,
 *                        resolved by {@link JobConfig#onCluster} once a Spark context exists)
 * @param averaging       {@code trainer.averagingPeriod} … {@code trainer.aggregationDepth}, with the workers when
 *                        they are a number; read it through {@link #averaging()}
 * @param optimizer       {@code trainer.optimizer}
 * @param checkpointEvery {@code trainer.checkpointEvery}: rounds between checkpoints (0: only when training ends)
 * @param keepCheckpoints {@code trainer.keepCheckpoints}: checkpoints kept, at least 1
 */
public record TrainerConfig(Engine engine, OptionalInt workers, AveragingConfig averaging, OptimizerConfig optimizer,
                            int checkpointEvery, int keepCheckpoints) {

    /** Who trains the network. */
    public enum Engine {
        /** Ours: {@code ModelAveragingTrainer}. */
        MODEL_AVERAGING,
        /** DL4J's {@code ParameterAveragingTrainingMaster}, the peer ({@code Dl4jSparkEngine}). */
        DL4J_SPARK;

        /** The name used in configs: {@code model-averaging}. */
        public String configName() {
            return ConfigReader.configName(this);
        }
    }

    public TrainerConfig {
        Objects.requireNonNull(engine, "trainer.engine");
        Objects.requireNonNull(workers, "trainer.workers");
        Objects.requireNonNull(averaging, "trainer");
        if (workers.isPresent() && workers.getAsInt() != averaging.workers()) {
            throw new IllegalArgumentException("trainer.workers = " + workers.getAsInt() + " but the averaging config has "
                    + averaging.workers());
        }
        Objects.requireNonNull(optimizer, "trainer.optimizer");
        Checks.atLeast("trainer.checkpointEvery", checkpointEvery, 0);
        Checks.atLeast("trainer.keepCheckpoints", keepCheckpoints, 1);
        if (engine == Engine.DL4J_SPARK && PeerEngine.dl4jSpark().isEmpty()) {
            throw new IllegalArgumentException("trainer.engine = " + engine.configName() + ": " + PeerEngine.UNAVAILABLE);
        }
    }

    /**
     * The trainer's config.
     *
     * @throws IllegalStateException while {@code trainer.workers = auto} is unresolved: call
     *                               {@link JobConfig#onCluster} first
     */
    @Override
    public AveragingConfig averaging() {
        if (workers.isEmpty()) {
            throw new IllegalStateException("trainer.workers = auto is resolved from the cluster: call"
                    + " JobConfig.onCluster(sparkContext) before reading the averaging config");
        }
        return averaging;
    }

    /** {@code trainer.seed} (readable before the workers are resolved). */
    public long seed() {
        return averaging.seed();
    }

    /** {@code trainer.epochs} (readable before the workers are resolved). */
    public int epochs() {
        return averaging.epochs();
    }

    static TrainerConfig read(ConfigReader r) {
        OptionalInt workers = r.integerOrAuto("trainer.workers");
        AveragingConfig averaging = AveragingConfig.builder()
                // auto: any valid count until JobConfig.onCluster resolves it; averaging() refuses to hand it out
                .workers(workers.orElse(1))
                .averagingPeriod(r.integer("trainer.averagingPeriod"))
                .warmupRounds(r.integer("trainer.warmupRounds"))
                .updaterPolicy(r.choice("trainer.updaterPolicy", UpdaterPolicy.class))
                .learningRateScaling(r.bool("trainer.learningRateScaling"), r.integer("trainer.learningRateWarmupRounds"))
                .epochs(r.integer("trainer.epochs"))
                .maxRounds(r.longInteger("trainer.maxRounds"))
                .timeBudget(r.optionalDuration("trainer.timeBudget").orElse(null))
                .seed(r.longInteger("trainer.seed"))
                .aggregationDepth(r.integer("trainer.aggregationDepth"))
                .outer(OuterOptimizer.of("trainer.outer", r.string("trainer.outer.name"),
                        r.number("trainer.outer.learningRate"), r.number("trainer.outer.momentum")))
                .periodGrowth(r.integer("trainer.periodDoublingEpochs"), r.integer("trainer.maxAveragingPeriod"))
                .build();
        return new TrainerConfig(r.choice("trainer.engine", Engine.class), workers, averaging, OptimizerConfig.read(r),
                r.integer("trainer.checkpointEvery"), r.integer("trainer.keepCheckpoints"));
    }
}
