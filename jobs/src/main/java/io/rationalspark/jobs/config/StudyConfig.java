package io.rationalspark.jobs.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Section {@code study}: the compare and param-efficiency studies.
 *
 * @param activations      {@code study.activations}: canonical activation names, no duplicates
 * @param seeds            {@code study.seeds}: runs per activation S; run i uses {@code trainer.seed + i}
 * @param coefficientLearningRateFactors {@code study.coefficientLearningRateFactors}: the compare study trains
 *                         rational once per factor f, its coefficients at f × {@code trainer.optimizer.learningRate};
 *                         empty: once, at {@code model.rational.learningRate}
 * @param widthMultipliers {@code study.widthMultipliers}: each scales every hidden width of the model
 * @param approximation    {@code study.approximation}: the param-efficiency job's function-approximation experiment
 * @param localSgd         {@code study.localSgd}: the local-SGD study's grid
 */
public record StudyConfig(List<String> activations, int seeds, List<Double> coefficientLearningRateFactors,
                          List<Double> widthMultipliers, ApproximationConfig approximation, LocalSgdConfig localSgd) {

    public StudyConfig {
        if (activations == null || activations.isEmpty()) {
            throw new IllegalArgumentException("study.activations must list at least one activation, got "
                    + activations);
        }
        List<String> canonical = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < activations.size(); i++) {
            String name = Activations.canonical("study.activations[" + i + "]", activations.get(i));
            if (!seen.add(name)) {
                throw new IllegalArgumentException("study.activations[" + i + "]: '" + activations.get(i)
                        + "' is listed twice (as " + name + ")");
            }
            canonical.add(name);
        }
        activations = List.copyOf(canonical);
        Checks.atLeast("study.seeds", seeds, 1);
        if (coefficientLearningRateFactors == null) {
            throw new IllegalArgumentException("study.coefficientLearningRateFactors must be a list (empty: rational"
                    + " once, at model.rational.learningRate)");
        }
        Set<Double> factors = new HashSet<>();
        for (int i = 0; i < coefficientLearningRateFactors.size(); i++) {
            String key = "study.coefficientLearningRateFactors[" + i + "]";
            Checks.positive(key, coefficientLearningRateFactors.get(i));
            if (!factors.add(coefficientLearningRateFactors.get(i))) {
                throw new IllegalArgumentException(key + ": " + coefficientLearningRateFactors.get(i)
                        + " is listed twice");
            }
        }
        if (!coefficientLearningRateFactors.isEmpty() && !activations.contains("rational")) {
            throw new IllegalArgumentException("study.coefficientLearningRateFactors is set but study.activations"
                    + " has no rational to train with them: " + activations);
        }
        coefficientLearningRateFactors = List.copyOf(coefficientLearningRateFactors);
        if (widthMultipliers == null || widthMultipliers.isEmpty()) {
            throw new IllegalArgumentException("study.widthMultipliers must list at least one multiplier, got "
                    + widthMultipliers);
        }
        for (int i = 0; i < widthMultipliers.size(); i++) {
            Checks.positive("study.widthMultipliers[" + i + "]", widthMultipliers.get(i));
        }
        widthMultipliers = List.copyOf(widthMultipliers);
        if (approximation == null) {
            throw new IllegalArgumentException("study.approximation must be set");
        }
        if (localSgd == null) {
            throw new IllegalArgumentException("study.localSgd must be set");
        }
    }

    /** The seed of run {@code i} (0-based) of every activation: {@code baseSeed + i}. */
    public long seed(long baseSeed, int i) {
        if (i < 0 || i >= seeds) {
            throw new IndexOutOfBoundsException("study run " + i + " of " + seeds + " seeds");
        }
        return baseSeed + i;
    }

    static StudyConfig read(ConfigReader r) {
        return new StudyConfig(r.stringList("study.activations"), r.integer("study.seeds"),
                r.numberList("study.coefficientLearningRateFactors"), r.numberList("study.widthMultipliers"), ApproximationConfig.read(r), LocalSgdConfig.read(r));
    }
}
