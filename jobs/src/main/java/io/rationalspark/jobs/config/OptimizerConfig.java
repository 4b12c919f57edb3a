package io.rationalspark.jobs.config;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Objects;

/**
 * Section {@code trainer.optimizer}: the network's optimizer.
 *
 * @param name         {@code trainer.optimizer.name}
 * @param learningRate {@code trainer.optimizer.learningRate}
 * @param momentum     {@code trainer.optimizer.momentum}: used by nesterovs only, in [0, 1)
 */
public record OptimizerConfig(Name name, double learningRate, double momentum) {

    /** The optimizers the jobs offer. */
    public enum Name { ADAM, SGD, NESTEROVS }

    public OptimizerConfig {
        Objects.requireNonNull(name, "trainer.optimizer.name");
        Checks.positive("trainer.optimizer.learningRate", learningRate);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("trainer.optimizer.momentum must be in [0, 1), got " + momentum);
        }
    }

    /** The DL4J updater for the network's weights. */
    public IUpdater updater() {
        return updater(learningRate);
    }

    /** The same optimizer with another learning rate (e.g. the rational coefficients' own). */
    public IUpdater updater(double rate) {
        switch (name) {
            case ADAM:
                return new Adam(rate);
            case SGD:
                return new Sgd(rate);
            default:
                return new Nesterovs(rate, momentum);
        }
    }

    static OptimizerConfig read(ConfigReader r) {
        return new OptimizerConfig(r.choice("trainer.optimizer.name", Name.class),
                r.number("trainer.optimizer.learningRate"), r.number("trainer.optimizer.momentum"));
    }
}
