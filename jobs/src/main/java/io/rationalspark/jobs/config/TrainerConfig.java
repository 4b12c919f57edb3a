package io.rationalspark.jobs.config;

import io.rationalspark.training.AveragingConfig;
import io.rationalspark.training.UpdaterPolicy;

import java.util.Objects;

/**
 * Section {@code trainer}: the engine, the model-averaging schedule and stopping rules (an
 * {@link AveragingConfig}, whose messages already name {@code trainer.*} keys), the optimizer, and checkpoints.
 *
 * @param engine          {@code trainer.engine}
 * @param averaging       {@code trainer.workers} … {@code trainer.seed}
 * @param optimizer       {@code trainer.optimizer}
 * @param checkpointEvery {@code trainer.checkpointEvery}: rounds between checkpoints (0: only when training ends)
 * @param keepCheckpoints {@code trainer.keepCheckpoints}: checkpoints kept, at least 1
 */
public record TrainerConfig(Engine engine, AveragingConfig averaging, OptimizerConfig optimizer, int checkpointEvery,
                            int keepCheckpoints) {

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
        Objects.requireNonNull(averaging, "trainer");
        Objects.requireNonNull(optimizer, "trainer.optimizer");
        Checks.atLeast("trainer.checkpointEvery", checkpointEvery, 0);
        Checks.atLeast("trainer.keepCheckpoints", keepCheckpoints, 1);
    }

    static TrainerConfig read(ConfigReader r) {
        AveragingConfig averaging = new AveragingConfig(r.integer("trainer.workers"),
                r.integer("trainer.averagingPeriod"), r.integer("trainer.warmupRounds"),
                r.choice("trainer.updaterPolicy", UpdaterPolicy.class), r.bool("trainer.learningRateScaling"),
                r.integer("trainer.learningRateWarmupRounds"), r.integer("trainer.epochs"),
                r.longInteger("trainer.maxRounds"), r.optionalDuration("trainer.timeBudget").orElse(null),
                r.longInteger("trainer.seed"));
        return new TrainerConfig(r.choice("trainer.engine", Engine.class), averaging, OptimizerConfig.read(r),
                r.integer("trainer.checkpointEvery"), r.integer("trainer.keepCheckpoints"));
    }
}
