package io.rationalspark.jobs.config;

import io.rationalspark.layers.activations.ActivationRegistry;
import io.rationalspark.layers.activations.FixedActivation;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.layers.rational.DenominatorForm;
import io.rationalspark.layers.rational.RationalSpec;
import io.rationalspark.training.AveragingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins every default of defaults.conf, the one place defaults live. */
class JobConfigDefaultsTest {

    private final JobConfig defaults = JobConfig.defaults();

    @Test
    void sparkDefaultsLeaveEverythingToSparkSubmit() {
        assertEquals(new SparkConfig(Optional.empty(), Optional.empty(), Map.of()), defaults.spark());
    }

    @Test
    void dataDefaults() {
        assertEquals(new DataConfig(Dataset.FASHION_MNIST, "data", Optional.empty(), Optional.empty(), 64,
                OptionalInt.empty(), new DataConfig.Text(20000, 256), new DataConfig.CharLm(100)), defaults.data());
    }

    @Test
    void modelDefaults() {
        assertEquals(new ModelConfig(ModelConfig.Kind.MLP, "rational", new ModelConfig.Mlp(List.of(256, 128)),
                new ModelConfig.LeNet(List.of(6, 16), List.of(120, 84)),
                new ModelConfig.TextConv(128, 100, 5, 64),
                new ModelConfig.TextLstm(128, List.of(128)),
                new ModelConfig.TextAttention(64, 2, 128, 64),
                new ModelConfig.CharLstm(List.of(256, 256)),
                new RationalConfig(RationalSpec.paperDefault(), Optional.empty())), defaults.model());
        assertTrue(defaults.model().isRational());
    }

    @Test
    void theRationalDefaultIsThePapersPreset() {
        assertEquals(RationalSpec.paperDefault(), defaults.model().rational().spec());
        assertEquals(0.001, defaults.model().rational().learningRate(0.001));
    }

    @Test
    void trainerDefaults() {
        AveragingConfig averaging = new AveragingConfig(1, 5, 0, io.rationalspark.training.UpdaterPolicy.AVERAGE,
                false, 1, 1, 0, null, 12345, 0, new io.rationalspark.training.OuterOptimizer.None(), 0, 64);
        assertEquals(new TrainerConfig(TrainerConfig.Engine.MODEL_AVERAGING, OptionalInt.empty(), averaging,
                new OptimizerConfig(OptimizerConfig.Name.ADAM, 0.001, 0.9), 50, 2), defaults.trainer());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> defaults.trainer().averaging());
        assertTrue(e.getMessage().startsWith("trainer.workers = auto is resolved from the cluster"), e.getMessage());
    }

    @Test
    void trainerDefaultsAgreeWithTheTrainersBuilder() {
        assertEquals(AveragingConfig.builder().workers(3).build(), defaults.withWorkers(3).trainer().averaging(),
                "defaults.conf and AveragingConfig.Builder disagree: change both or neither");
    }

    @Test
    void autoWorkersResolveOnceAndANumberStays() {
        JobConfig resolved = defaults.withWorkers(5);
        assertEquals(OptionalInt.of(5), resolved.trainer().workers());
        assertTrue(resolved.render().contains("workers = 5\n"), "the saved config holds the number used");
        assertEquals(resolved, resolved.withWorkers(7), "a number is not re-resolved");
        assertEquals(defaults.trainer().seed(), resolved.trainer().averaging().seed());
    }

    @Test
    void theOuterOptimizersDefaultSettingsAreDiLoCos() {
        assertEquals(new io.rationalspark.training.OuterOptimizer.Nesterov(0.7, 0.9), JobConfig.load(List.of(
                "trainer.workers=2", "trainer.outer.name=nesterov")).trainer().averaging().outer());
    }

    @Test
    void outputAndStudyDefaults() {
        assertEquals(new OutputConfig(Optional.empty()), defaults.output());
        assertEquals(new StudyConfig(rationalThenFixed(), 3, List.of(), List.of(0.25, 0.5, 1.0, 2.0), approximationDefaults(),
                new LocalSgdConfig(List.of(2, 4), List.of(1, 5, 20, 50), List.of(
                        new LocalSgdConfig.Outer("none", new io.rationalspark.training.OuterOptimizer.None()),
                        new LocalSgdConfig.Outer("nesterov:0.7:0.9",
                                new io.rationalspark.training.OuterOptimizer.Nesterov(0.7, 0.9)),
                        new LocalSgdConfig.Outer("slowmo:1.0:0.5",
                                new io.rationalspark.training.OuterOptimizer.SlowMo(1.0, 0.5))))),
                defaults.study());
    }

    @Test
    void benchDefaultsAreTheIssuesSweep() {
        assertEquals(new BenchConfig(List.of(TrainerConfig.Engine.MODEL_AVERAGING, TrainerConfig.Engine.DL4J_SPARK),
                List.of(1, 2, 4), List.of(1, 5, 20, 50), List.of(1, 2, 4), List.of(1.0, 2.0, 4.0),
                new BenchConfig.Base(4, 5, 1, 1.0), OptionalInt.empty(), 4), defaults.bench());
    }

    private static ApproximationConfig approximationDefaults() {
        return new ApproximationConfig(true, false, List.of(Target.BUMP_0_3, Target.BUMP_0_1, Target.BUMP_0_03,
                Target.GELU, Target.TANH, Target.ABS), 2000, 20001, 4000, 0.05, 3, 2026,
                List.of(ApproximationConfig.FixedActivation.RELU, ApproximationConfig.FixedActivation.GELU,
                        ApproximationConfig.FixedActivation.TANH),
                sizes("1x2", "1x4", "1x8", "1x16", "1x32", "1x64", "1x128", "2x8", "2x16", "2x32", "3x16", "3x32",
                        "4x32"),
                sizes("1x1", "1x2", "1x4", "2x1", "2x2", "2x4", "3x1", "3x2", "3x4", "4x1", "4x2", "4x4"),
                List.of(new ApproximationConfig.RationalType(3, 2, DenominatorForm.PLAIN),
                        new ApproximationConfig.RationalType(5, 4, DenominatorForm.SAFE_ABS_TERMS)));
    }

    private static List<ApproximationConfig.Size> sizes(String... sizes) {
        List<ApproximationConfig.Size> list = new ArrayList<>();
        for (String s : sizes) {
            String[] parts = s.split("x");
            list.add(new ApproximationConfig.Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
        }
        return list;
    }

    @Test
    void studyComparesRationalWithAllFifteenFixedActivations() {
        List<String> activations = defaults.study().activations();
        assertEquals(16, activations.size());
        assertEquals(ActivationRegistry.RATIONAL, activations.get(0));
        assertEquals(rationalThenFixed(), activations);
    }

    private static List<String> rationalThenFixed() {
        List<String> names = new ArrayList<>();
        names.add("rational");
        for (FixedActivation a : FixedActivation.values()) {
            names.add(a.canonicalName());
        }
        return names;
    }

    @Test
    void everyKeyIsPinnedAndDocumented() {
        List<String> keys = ConfigSchema.get().keys();
        // Adding a key? Pin its default in the tests above, then raise this count.
        assertEquals(91, keys.size(), "keys: " + keys);
        for (ConfigSchema.Entry e : ConfigSchema.get().entries()) {
            assertFalse(e.description().isBlank(), e.path() + " has no comment in defaults.conf");
            assertFalse(e.description().contains("\n"), e.path());
        }
    }

    @Test
    void defaultsRoundTripThroughTheirRendering() {
        JobConfig back = JobConfig.parse(defaults.render(), "rendered defaults");
        assertEquals(defaults, back);
        assertEquals(defaults.render(), back.render());
    }
}
