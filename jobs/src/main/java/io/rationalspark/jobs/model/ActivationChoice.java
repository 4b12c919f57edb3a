package io.rationalspark.jobs.model;

import io.rationalspark.layers.activations.ActivationRegistry;
import io.rationalspark.layers.rational.RationalSpec;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.Serializable;
import java.util.Objects;

/**
 * The hidden activation of a model: a name from {@link ActivationRegistry} (one of the paper's 15 fixed
 * activations, or {@code rational}), the rational layer's description when it is rational, and optionally
 * the rational coefficients' own updater (learning rate).
 */
public record ActivationChoice(String name, RationalSpec rational, IUpdater rationalUpdater) implements Serializable {

    public ActivationChoice {
        name = ActivationRegistry.parse(name);
        Objects.requireNonNull(rational, "rational spec");
    }

    public static ActivationChoice of(String name) {
        return new ActivationChoice(name, RationalSpec.paperDefault(), null);
    }

    public boolean isRational() {
        return ActivationRegistry.isRational(name);
    }

    /** The activation layer to put after a linear layer whose output has type {@code inputType}. */
    public Layer layerFor(InputType inputType) {
        Layer layer = ActivationRegistry.layer(name, inputType, rational);
        if (isRational() && rationalUpdater != null) {
            ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).setIUpdater(rationalUpdater);
        }
        return layer;
    }
}
