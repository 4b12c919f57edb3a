package io.rationalspark.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The outer optimizer of local SGD: how the driver turns the workers' mean parameters into the next round's
 * parameters. With θ the parameters the round started from and θ̄ the example-weighted mean of the workers' parameters
 * after their k local steps, the averaged step is Δ = θ − θ̄ (a pseudo-gradient), and
 * <ul>
 *   <li>{@link None}: θ ← θ − Δ = θ̄, plain model averaging;</li>
 *   <li>{@link Nesterov} (DiLoCo, Douillard et al. 2023; lr 0.7, momentum 0.9 there): m ← μ m + Δ,
 *       θ ← θ − lr (Δ + μ m);</li>
 *   <li>{@link SlowMo} (Wang et al. 2019; slow lr 1.0, slow momentum β 0.5 in fairscale): m ← β m + Δ,
 *       θ ← θ − lr m.</li>
 * </ul>
 * Both with momentum 0 and lr 1 are plain averaging. The step applies to the parameters an inner updater trains
 * ({@link Networks#trainedByUpdater}); the others (BatchNorm's running statistics, frozen layers) take the plain
 * mean. The momentum m is part of the trainer's state: it is checkpointed and restored with it
 * ({@link TrainerState#outerMomentum()}).
 */
public sealed interface OuterOptimizer extends Serializable permits OuterOptimizer.None, OuterOptimizer.Nesterov,
        OuterOptimizer.SlowMo {

    /** The parameters and momentum after one outer step. */
    record Step(INDArray parameters, INDArray momentum) {
    }

    /**
     * One outer step.
     *
     * @param start    θ: the parameters the round started from (not modified)
     * @param mean     θ̄: the workers' mean parameters (may be modified and returned)
     * @param momentum m before the step, or null for zero (the first step); not modified
     * @param trained  1 where an inner updater trains the parameter, 0 elsewhere (same length as θ)
     */
    Step step(INDArray start, INDArray mean, INDArray momentum, INDArray trained);

    /** Whether this optimizer keeps a momentum buffer. */
    default boolean hasMomentum() {
        return false;
    }

    /** The config name: none, nesterov or slowmo. */
    String name();

    /** Plain model averaging: θ ← θ̄. */
    record None() implements OuterOptimizer {
        @Override
        public Step step(INDArray start, INDArray mean, INDArray momentum, INDArray trained) {
            return new Step(mean, null);
        }

        @Override
        public String name() {
            return "none";
        }

        @Override
        public String toString() {
            return "none (plain average)";
        }
    }

    /**
     * Nesterov momentum on the averaged step (DiLoCo's outer optimizer): m ← μ m + Δ, θ ← θ − lr (Δ + μ m).
     *
     * @param learningRate lr &gt; 0
     * @param momentum     μ in [0, 1)
     */
    record Nesterov(double learningRate, double momentum) implements OuterOptimizer {
        public Nesterov {
            validate("trainer.outer", learningRate, momentum);
        }

        @Override
        public Step step(INDArray start, INDArray mean, INDArray momentum, INDArray trained) {
            INDArray delta = start.sub(mean).muli(trained);
            INDArray m = momentum == null ? delta.dup() : momentum.mul(this.momentum).addi(delta);
            INDArray update = delta.addi(m.mul(this.momentum)).muli(learningRate);
            return new Step(blend(start.sub(update), mean, trained), m);
        }

        @Override
        public boolean hasMomentum() {
            return true;
        }

        @Override
        public String name() {
            return "nesterov";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "nesterov (lr %s, momentum %s)", learningRate, momentum);
        }
    }

    /**
     * Slow momentum on the averaged step (SlowMo): m ← β m + Δ, θ ← θ − lr m.
     *
     * @param learningRate the slow learning rate, &gt; 0
     * @param momentum     the slow momentum β, in [0, 1)
     */
    record SlowMo(double learningRate, double momentum) implements OuterOptimizer {
        public SlowMo {
            validate("trainer.outer", learningRate, momentum);
        }

        @Override
        public Step step(INDArray start, INDArray mean, INDArray momentum, INDArray trained) {
            INDArray delta = start.sub(mean).muli(trained);
            INDArray m = momentum == null ? delta : momentum.mul(this.momentum).addi(delta);
            return new Step(blend(start.sub(m.mul(learningRate)), mean, trained), m);
        }

        @Override
        public boolean hasMomentum() {
            return true;
        }

        @Override
        public String name() {
            return "slowmo";
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "slowmo (lr %s, momentum %s)", learningRate, momentum);
        }
    }

    /**
     * The optimizer called {@code name} (none, nesterov, slowmo; case-insensitive) with the given settings, which
     * {@code none} ignores.
     *
     * @throws IllegalArgumentException naming {@code key} for an unknown name, lr ≤ 0 or a momentum outside [0, 1)
     */
    static OuterOptimizer of(String key, String name, double learningRate, double momentum) {
        Objects.requireNonNull(name, key + ".name");
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none":
                return new None();
            case "nesterov":
                validate(key, learningRate, momentum);
                return new Nesterov(learningRate, momentum);
            case "slowmo":
                validate(key, learningRate, momentum);
                return new SlowMo(learningRate, momentum);
            default:
                throw new IllegalArgumentException(key + ".name must be one of none, nesterov, slowmo, got '" + name + "'");
        }
    }

    private static void validate(String key, double learningRate, double momentum) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(key + ".learningRate must be > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(key + ".momentum must be in [0, 1), got " + momentum);
        }
    }

    /** {@code stepped} where {@code trained} is 1, {@code mean} where it is 0. */
    private static INDArray blend(INDArray stepped, INDArray mean, INDArray trained) {
        // stepped·t + mean·(1 − t) = mean + (stepped − mean)·t
        return mean.addi(stepped.subi(mean).muli(trained));
    }
}
