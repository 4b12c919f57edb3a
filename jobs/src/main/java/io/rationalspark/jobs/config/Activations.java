package io.rationalspark.jobs.config;

import io.rationalspark.layers.activations.ActivationRegistry;

import java.util.Objects;

/** Activation names in configs, checked against {@link ActivationRegistry} with the key in the message. */
final class Activations {

    private Activations() {
    }

    /**
     * The canonical name of {@code name}.
     *
     * @throws IllegalArgumentException "model.activation: unknown activation 'relux'; expected one of elu, …,
     *                                  rational (did you mean 'relu'?)"
     */
    static String canonical(String key, String name) {
        Objects.requireNonNull(name, key);
        try {
            return ActivationRegistry.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown activation '" + name + "'; expected one of "
                    + String.join(", ", ActivationRegistry.names())
                    + Suggestions.didYouMean(name, ActivationRegistry.names()), e);
        }
    }
}
