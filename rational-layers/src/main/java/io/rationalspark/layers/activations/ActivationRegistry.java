package io.rationalspark.layers.activations;

import io.rationalspark.layers.rational.RationalLayer;
import io.rationalspark.layers.rational.RationalSpec;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one table of activation names: the 15 {@link FixedActivation}s and {@value #RATIONAL}, the trainable
 * {@link RationalLayer}. Names are matched ignoring case, {@code _}, {@code -} and spaces, so "LeakyReLU",
 * "leaky_relu" and "leaky-relu" all mean {@code leakyrelu}.
 */
public final class ActivationRegistry {

    /** Canonical name of the trainable rational activation. */
    public static final String RATIONAL = "rational";

    /** Normalised name → canonical name, in the paper's order (the 15 fixed ones, then rational). */
    private static final Map<String, String> CANONICAL = buildTable();

    private ActivationRegistry() {
    }

    private static Map<String, String> buildTable() {
        Map<String, String> table = new LinkedHashMap<>();
        for (FixedActivation a : FixedActivation.values()) {
            table.put(normalise(a.canonicalName()), a.canonicalName());
        }
        table.put(normalise(RATIONAL), RATIONAL);
        return Collections.unmodifiableMap(table);
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(" ", "");
    }

    /** The 16 canonical names: the fixed activations in the paper's order, then {@value #RATIONAL}. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(CANONICAL.values()));
    }

    /**
     * The canonical name of {@code name}.
     *
     * @throws IllegalArgumentException naming the value and listing the valid names when it is unknown
     */
    public static String parse(String name) {
        Objects.requireNonNull(name, "activation name must not be null");
        String canonical = CANONICAL.get(normalise(name));
        if (canonical == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; valid names: "
                    + String.join(", ", CANONICAL.values()) + " (case, '_' and '-' are ignored)");
        }
        return canonical;
    }

    /** True when {@code name} means the trainable rational activation; throws like {@link #parse} when unknown. */
    public static boolean isRational(String name) {
        return RATIONAL.equals(parse(name));
    }

    /**
     * The fixed activation called {@code name}, or empty for {@value #RATIONAL}.
     *
     * @throws IllegalArgumentException like {@link #parse} when the name is unknown
     */
    public static Optional<FixedActivation> lookup(String name) {
        String canonical = parse(name);
        for (FixedActivation a : FixedActivation.values()) {
            if (a.canonicalName().equals(canonical)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * The DL4J layer to append after a linear layer with identity activation whose output has type
     * {@code inputType}; for {@value #RATIONAL} the paper-default rational ({@link RationalSpec#paperDefault()}).
     */
    public static Layer layer(String name, InputType inputType) {
        return layer(name, inputType, RationalSpec.paperDefault());
    }

    /**
     * Like {@link #layer(String, InputType)}, with the rational layer described by {@code rationalSpec}; the spec
     * is not used for the fixed activations. The rational layer gets one channel per feature for feed-forward
     * and recurrent input, and per channel for convolutional input.
     */
    public static Layer layer(String name, InputType inputType, RationalSpec rationalSpec) {
        Objects.requireNonNull(rationalSpec, "rationalSpec must not be null");
        Optional<FixedActivation> fixed = lookup(name);
        if (fixed.isPresent()) {
            return fixed.get().layer(inputType);
        }
        long channels = InputChannels.of(inputType, RATIONAL);
        return new RationalLayer.Builder().spec(rationalSpec).channels(channels).build();
    }
}
