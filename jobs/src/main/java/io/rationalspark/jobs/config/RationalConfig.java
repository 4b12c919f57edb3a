package io.rationalspark.jobs.config;

import io.rationalspark.layers.rational.CoefficientSharing;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalInit;
import io.rationalspark.layers.rational.RationalSpec;
import io.rationalspark.layers.rational.fit.FitMethod;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Section {@code model.rational}: what every rational activation layer computes and how fast its coefficients
 * learn.
 *
 * @param spec         degrees, denominator form, sharing and initial fit ({@code model.rational.numeratorDegree}
 *                     … {@code model.rational.init.method})
 * @param learningRate {@code model.rational.learningRate}: the coefficients' own learning rate; empty: the
 *                     network's ({@code trainer.optimizer.learningRate})
 */
public record RationalConfig(RationalSpec spec, Optional<Double> learningRate) {

    public RationalConfig {
        Objects.requireNonNull(spec, "model.rational");
        Objects.requireNonNull(learningRate, "model.rational.learningRate");
        learningRate.ifPresent(lr -> Checks.positive("model.rational.learningRate", lr));
    }

    /** The coefficients' learning rate: their own, else {@code networkRate}. */
    public double learningRate(double networkRate) {
        return learningRate.orElse(networkRate);
    }

    static RationalConfig read(ConfigReader r) {
        int m = r.integer("model.rational.numeratorDegree");
        int n = r.integer("model.rational.denominatorDegree");
        DenominatorForm form = layers("model.rational.form",
                () -> DenominatorForm.parse(r.string("model.rational.form")));
        CoefficientSharing sharing = layers("model.rational.sharing",
                () -> CoefficientSharing.parse(r.string("model.rational.sharing")));
        List<Double> interval = r.numberList("model.rational.init.interval");
        if (interval.size() != 2 || !(interval.get(0) < interval.get(1))) {
            throw new JobConfigException("model.rational.init.interval must be [lower, upper] with lower < upper, got "
                    + interval);
        }
        FitMethod method = layers("model.rational.init.method",
                () -> FitMethod.parse(r.string("model.rational.init.method")));
        String target = r.string("model.rational.init.target");
        RationalInit init = layers("model.rational.init.target",
                () -> RationalInit.fit(target, interval.get(0), interval.get(1), method));
        RationalSpec spec = layers("model.rational", () -> new RationalSpec(m, n, form, sharing, init));
        return new RationalConfig(spec, r.optionalNumber("model.rational.learningRate"));
    }

    /**
     * Runs a rational-layers factory; its messages name keys as "rational.x", which become "model.rational.x",
     * and a message without a key gets {@code key} in front.
     */
    private static <T> T layers(String key, Supplier<T> factory) {
        try {
            return factory.get();
        } catch (JobConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new JobConfigException(message.startsWith("rational.") ? "model." + message : key + ": " + message,
                    e);
        }
    }
}
