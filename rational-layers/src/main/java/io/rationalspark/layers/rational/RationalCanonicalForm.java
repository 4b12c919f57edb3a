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

import java.util.Map;

/**
 * Puts the denominator coefficients of safe-form rational layers into a canonical representative of their
 * symmetry class, without changing the function, so that averaging coefficients across workers averages
 * like with like.
 *
 * <p>Safe abs terms, Q = 1 + Σ |bj| |x|^j: bj and −bj give the same function, so bj → |bj|. Safe abs
 * polynomial, Q = 1 + |Σ bj x^j|: b and −b (the whole vector of a set) give the same function, so each set's
 * vector is flipped, if needed, to make its largest-magnitude coefficient positive. Two workers that drifted
 * to opposite signs would otherwise average to a function neither had. The plain form has no such symmetry.
 *
 * <p>A flipped coefficient's gradient flips sign too, so the sign-odd updater state of that coordinate (the
 * first moment "M" of Adam-family updaters, the velocity "V" of Nesterov momentum) is negated with it;
 * second moments are even and stay. The next update is then exactly the mirror image of the one the
 * un-flipped network would have made.
 */
public final class RationalCanonicalForm {

    private RationalCanonicalForm() {
    }

    /** Canonicalises every rational layer of {@code model} in place; returns how many coefficients flipped. */
    public static int canonicalize(Model model) {
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
                        flipped += apply(flips(layer, b), b, oddState(block),
                                ps.getParamOffsetStart() - block.getParamOffsetStart());
                    }
                }
            }
            return flipped;
        }
        for (RationalLayerImpl layer : RationalInspection.rationalLayers(model).values()) {
            if (layer.paramTable().containsKey(RationalParamInitializer.DENOMINATOR)) {
                INDArray b = layer.getParam(RationalParamInitializer.DENOMINATOR);
                flipped += apply(flips(layer, b), b, null, 0);
            }
        }
        return flipped;
    }

    /** Which coefficients of {@code b} ([sets, n]) to negate. */
    private static boolean[] flips(RationalLayerImpl layer, INDArray b) {
        DenominatorForm form = layer.layerConf().getForm();
        int sets = (int) b.size(0);
        int n = (int) b.size(1);
        boolean[] flip = new boolean[sets * n];
        for (int s = 0; s < sets; s++) {
            if (form == DenominatorForm.SAFE_ABS_TERMS) {
                for (int j = 0; j < n; j++) {
                    flip[s * n + j] = b.getDouble(s, j) < 0;
                }
            } else if (form == DenominatorForm.SAFE_ABS_POLYNOMIAL) {
                int largest = 0;
                for (int j = 1; j < n; j++) {
                    if (Math.abs(b.getDouble(s, j)) > Math.abs(b.getDouble(s, largest))) {
                        largest = j;
                    }
                }
                boolean negate = b.getDouble(s, largest) < 0;
                for (int j = 0; j < n; j++) {
                    flip[s * n + j] = negate;
                }
            }
        }
        return flip;
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
