package io.rationalspark.layers.rational;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.NesterovsUpdater;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the denominator coefficients of safe-form rational layers into one representative of their symmetry class,
 * without changing the function, so that averaging coefficients across workers averages like with like.
 *
 * <p>Safe abs terms, Q = 1 + Σ |bj| |x|^j: bj and −bj give the same function, so bj → |bj| when no reference is
 * given, and each bj takes the sign of its reference coefficient when one is (an outer optimizer on the driver can
 * step a coefficient through zero, and a worker must then stay on the broadcast side, or the averaged step Δ would
 * mix the two representatives). Safe abs polynomial,
 * Q = 1 + |Σ bj x^j|: b and −b (the whole vector of a set) give the same function. Two workers that drifted to
 * opposite signs would average to a function neither had. The plain form has no such symmetry.
 *
 * <p>For the abs-polynomial form no fixed sign rule works near its boundary: with "largest-magnitude entry
 * positive", b = (0.50, −0.5001) and (0.5001, −0.50), nearly the same function, get opposite representatives and
 * average to b ≈ 0. So a round aligns each worker's set with the set the round started from (the broadcast
 * parameters, a {@link Reference}): {@link #canonicalize(Model, Reference)} flips a set when the dot product of
 * its b with the reference b is negative. Workers that start from the same set and drift a little all keep its
 * sign. {@link #canonicalize(Model)}, with no reference, only picks a starting representative (largest-magnitude
 * entry positive), once before training; the same rule breaks the tie where a set is orthogonal to its reference
 * (a zero reference set, say).
 *
 * <p>A flipped coefficient's gradient flips sign too, so the sign-odd updater state of that coordinate (the
 * first moment "M" of Adam-family updaters, the velocity "V" of Nesterov momentum) is negated with it;
 * second moments are even and stay. The next update is then exactly the mirror image of the one the
 * un-flipped network would have made.
 */
public final class RationalCanonicalForm {

    private RationalCanonicalForm() {
    }

    /**
     * The denominator coefficients of a model's rational layers at one moment (for a worker: right after it set the
     * round's broadcast parameters), by layer name (or index where unnamed), copied: the sets that
     * {@link #canonicalize(Model, Reference)} aligns abs-polynomial denominators with.
     */
    public static final class Reference {

        private final Map<String, double[]> denominators;

        private Reference(Map<String, double[]> denominators) {
            this.denominators = denominators;
        }

        /** Copies the current denominator coefficients ([sets, n], set-major) of every rational layer of {@code model}. */
        public static Reference of(Model model) {
            Map<String, double[]> copies = new LinkedHashMap<>();
            for (Map.Entry<String, RationalLayerImpl> e : RationalInspection.rationalLayers(model).entrySet()) {
                if (e.getValue().paramTable().containsKey(RationalParamInitializer.DENOMINATOR)) {
                    copies.put(e.getKey(), values(e.getValue().getParam(RationalParamInitializer.DENOMINATOR)));
                }
            }
            return new Reference(Collections.unmodifiableMap(copies));
        }

        /** The layers it holds, in network order. */
        public Set<String> layers() {
            return denominators.keySet();
        }

        /** Layer {@code layer}'s reference set, checked against the shape of its current coefficients {@code b}. */
        private double[] denominator(String layer, INDArray b) {
            double[] ref = denominators.get(layer);
            if (ref == null) {
                throw new IllegalArgumentException("the reference holds no denominator for rational layer '" + layer
                        + "' (it has " + denominators.keySet() + "): was it taken from another network?");
            }
            if (ref.length != b.length()) {
                throw new IllegalArgumentException("rational layer '" + layer + "': the reference denominator has "
                        + ref.length + " coefficients, the layer " + b.length());
            }
            return ref;
        }

        private static double[] values(INDArray b) {
            int sets = (int) b.size(0);
            int n = (int) b.size(1);
            double[] v = new double[sets * n];
            for (int s = 0; s < sets; s++) {
                for (int j = 0; j < n; j++) {
                    v[s * n + j] = b.getDouble(s, j);
                }
            }
            return v;
        }
    }

    /**
     * Picks a starting representative for every rational layer of {@code model}, in place, with no reference:
     * abs terms bj → |bj|, abs polynomial largest-magnitude entry positive. Use once before training (the
     * driver's initial network); rounds align with the broadcast set instead ({@link #canonicalize(Model, Reference)}).
     *
     * @return how many coefficients flipped
     */
    public static int canonicalize(Model model) {
        return canonicalize(model, null, null);
    }

    /**
     * Canonicalises every rational layer of {@code model} in place: abs terms, each bj takes the sign of its reference
     * coefficient (+ where that is 0); abs polynomial, each set flipped when its dot product with the same set of
     * {@code reference} is negative (by the largest-entry rule where it is 0).
     *
     * @param reference the denominators the model's round started from ({@link Reference#of}, taken from this
     *                  model or one with the same rational layers)
     * @return how many coefficients flipped
     */
    public static int canonicalize(Model model, Reference reference) {
        Objects.requireNonNull(reference, "reference");
        Map<RationalLayerImpl, String> names = new IdentityHashMap<>();
        RationalInspection.rationalLayers(model).forEach((name, layer) -> names.put(layer, name));
        return canonicalize(model, names, reference);
    }

    /** names and reference are both null (no reference) or both given. */
    private static int canonicalize(Model model, Map<RationalLayerImpl, String> names, Reference reference) {
        Updater updater = model instanceof MultiLayerNetwork ? ((MultiLayerNetwork) model).getUpdater(false)
                : model instanceof ComputationGraph ? ((ComputationGraph) model).getUpdater(false) : null;
        int flipped = 0;
        if (updater instanceof BaseMultiLayerUpdater && !((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks().isEmpty()) {
            for (UpdaterBlock block : ((BaseMultiLayerUpdater<?>) updater).getUpdaterBlocks()) {
                for (UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                    if (ps.getLayer() instanceof RationalLayerImpl
                            && RationalParamInitializer.DENOMINATOR.equals(ps.getParamName())) {
                        RationalLayerImpl layer = (RationalLayerImpl) ps.getLayer();
                        INDArray b = layer.getParam(RationalParamInitializer.DENOMINATOR);
                        double[] ref = reference == null ? null : reference.denominator(names.get(layer), b);
                        flipped += apply(flips(layer, b, ref), b, oddState(block),
                                ps.getParamOffsetStart() - block.getParamOffsetStart());
                    }
                }
            }
            return flipped;
        }
        for (RationalLayerImpl layer : RationalInspection.rationalLayers(model).values()) {
            if (layer.paramTable().containsKey(RationalParamInitializer.DENOMINATOR)) {
                INDArray b = layer.getParam(RationalParamInitializer.DENOMINATOR);
                double[] ref = reference == null ? null : reference.denominator(names.get(layer), b);
                flipped += apply(flips(layer, b, ref), b, null, 0);
            }
        }
        return flipped;
    }

    /** Which coefficients of {@code b} ([sets, n]) to negate, aligning with {@code reference} (set-major) if given. */
    private static boolean[] flips(RationalLayerImpl layer, INDArray b, double[] reference) {
        DenominatorForm form = layer.layerConf().getForm();
        int sets = (int) b.size(0);
        int n = (int) b.size(1);
        boolean[] flip = new boolean[sets * n];
        for (int s = 0; s < sets; s++) {
            if (form == DenominatorForm.SAFE_ABS_TERMS) {
                for (int j = 0; j < n; j++) {
                    // the reference's sign where it has one, else +: |bj| when there is no reference
                    boolean negativeReference = reference != null && reference[s * n + j] < 0;
                    double v = b.getDouble(s, j);
                    flip[s * n + j] = negativeReference ? v > 0 : v < 0;
                }
            } else if (form == DenominatorForm.SAFE_ABS_POLYNOMIAL) {
                double dot = 0;
                if (reference != null) {
                    for (int j = 0; j < n; j++) {
                        dot += b.getDouble(s, j) * reference[s * n + j];
                    }
                }
                boolean negate = dot != 0 ? dot < 0 : largestEntryIsNegative(b, s);
                for (int j = 0; j < n; j++) {
                    flip[s * n + j] = negate;
                }
            }
        }
        return flip;
    }

    /** The starting convention for a set: its largest-magnitude coefficient (the first of equals) is negative. */
    private static boolean largestEntryIsNegative(INDArray b, int set) {
        int n = (int) b.size(1);
        int largest = 0;
        for (int j = 1; j < n; j++) {
            if (Math.abs(b.getDouble(set, j)) > Math.abs(b.getDouble(set, largest))) {
                largest = j;
            }
        }
        return n > 0 && b.getDouble(set, largest) < 0;
    }

    /** The block's sign-odd state array (flattened over the block's parameters), or null. */
    private static INDArray oddState(UpdaterBlock block) {
        GradientUpdater<?> u = block.getGradientUpdater();
        Map<String, INDArray> state = u == null ? null : u.getState();
        if (state == null) {
            return null;
        }
        INDArray odd = state.get(u instanceof NesterovsUpdater ? "V" : "M");
        return odd == null ? null : odd.reshape(odd.length());
    }

    private static int apply(boolean[] flip, INDArray b, INDArray oddState, int stateOffset) {
        int count = 0;
        int n = (int) b.size(1);
        for (int i = 0; i < flip.length; i++) {
            if (flip[i]) {
                b.putScalar(i / n, i % n, -b.getDouble(i / n, i % n));
                if (oddState != null) {
                    oddState.putScalar(stateOffset + i, -oddState.getDouble(stateOffset + i));
                }
                count++;
            }
        }
        return count;
    }
}
