package io.rationalspark.jobs.config;

import io.rationalspark.jobs.config.ApproximationConfig.FixedActivation;
import io.rationalspark.jobs.config.ApproximationConfig.RationalType;
import io.rationalspark.jobs.config.ApproximationConfig.Size;
import io.rationalspark.jobs.config.ApproximationConfig.Target;
import io.rationalspark.layers.rational.DenominatorForm;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study.approximation section: parsing of sizes, types and targets, and messages naming key and value. */
class ApproximationConfigTest {

    private static String error(String... overrides) {
        return assertThrows(JobConfigException.class, () -> JobConfig.load(List.of(overrides))).getMessage();
    }

    @Test
    void sizesTypesAndTargetsAreParsed() {
        ApproximationConfig c = JobConfig.load(List.of("study.approximation.fixed=[\"1x2\", \" 3 X 16 \"]",
                "study.approximation.rationalTypes=[\"( 4 , 0 ) safe-abs-polynomial\"]",
                "study.approximation.fixedActivations=[tanh, GELU]",
                "study.approximation.targets=[exp-sin, bump-0.03, gelu]", "study.approximation.only=true"))
                .study().approximation();
        assertEquals(List.of(new Size(1, 2), new Size(3, 16)), c.fixed());
        assertEquals(List.of(FixedActivation.TANH, FixedActivation.GELU), c.fixedActivations());
        assertEquals(List.of(Target.EXP_SIN, Target.BUMP_0_03, Target.GELU), c.targets());
        assertEquals(List.of(new RationalType(4, 0, DenominatorForm.SAFE_ABS_POLYNOMIAL)), c.rationalTypes());
        assertTrue(c.only());
        assertEquals("(4,0) safe-abs-polynomial", c.rationalTypes().get(0).toString());
    }

    /** The targets' values against closed forms and known values (GELU through our erf series). */
    @Test
    void theTargetsHaveTheirValues() {
        assertEquals(1, Target.BUMP_0_1.value(0), 1e-15);
        assertEquals(0.01 / 1.01, Target.BUMP_0_1.value(1), 1e-15);
        assertEquals(0.0009 / (0.25 + 0.0009), Target.BUMP_0_03.value(-0.5), 1e-15);
        assertEquals(0.09 / 0.18, Target.BUMP_0_3.value(0.3), 1e-15);
        // erf(1/√2) = 0.682689492137086 (the one-sigma probability): GELU(1) = (1 + that) / 2
        assertEquals(0.8413447460685429, Target.GELU.value(1), 1e-15);
        assertEquals(-0.1586552539314571, Target.GELU.value(-1), 1e-15);
        assertEquals(0, Target.GELU.value(0), 0);
        assertEquals(Math.tanh(0.7), Target.TANH.value(0.7), 0);
        assertEquals(0.5204998778130465, Target.erf(0.5), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Target.erf(1.5));
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertEquals("study.approximation.fixed[1]: expected depth x width such as \"2x8\", got '8'",
                error("study.approximation.fixed=[\"1x2\", \"8\"]"));
        assertEquals("study.approximation.fixedActivations[0]: unknown fixed activation 'tahn'; expected one of relu,"
                + " gelu, tanh (did you mean 'tanh'?)", error("study.approximation.fixedActivations=[tahn]"));
        assertEquals("study.approximation.rational[0]: depth must be >= 1, got 0 (in '0x4')",
                error("study.approximation.rational=[\"0x4\"]"));
        assertEquals("study.approximation.rationalTypes[0]: unknown denominator form 'safe-abs'; expected one of"
                + " plain, safe-abs-polynomial, safe-abs-terms (in '(5,4) safe-abs')",
                error("study.approximation.rationalTypes=[\"(5,4) safe-abs\"]"));
        assertTrue(error("study.approximation.rationalTypes=[\"(11,2) plain\"]")
                .startsWith("study.approximation.rationalTypes[0]: degrees must satisfy 1 <= m <= 10"));
        assertEquals("study.approximation.targets[1]: unknown target 'exp_sinx'; expected one of abs, exp-sin,"
                + " bump-0.3, bump-0.1, bump-0.03, gelu, tanh (did you mean 'exp-sin'?)",
                error("study.approximation.targets=[abs, exp_sinx]"));
        assertEquals("study.approximation.targets[1]: 'ABS' is listed twice",
                error("study.approximation.targets=[abs, abs]"));
        assertEquals("study.approximation.restarts must be >= 1, got 0", error("study.approximation.restarts=0"));
        assertEquals("study.approximation.iterations must be >= 1, got -5", error("study.approximation.iterations=-5"));
        assertEquals("study.approximation.trainPoints must be >= 2, got 1", error("study.approximation.trainPoints=1"));
        assertEquals("study.approximation.learningRate must be a finite number > 0, got 0.0",
                error("study.approximation.learningRate=0"));
        assertTrue(error("study.approximation.only=true", "study.approximation.enabled=false")
                .startsWith("study.approximation.only = true runs nothing while study.approximation.enabled = false"));
        assertTrue(error("study.approximation.fixed=[]", "study.approximation.rational=[]")
                .contains("no networks to train"));
        assertTrue(error("study.approximation.enabeld=true").startsWith("unknown key 'study.approximation.enabeld'"
                + " (did you mean 'study.approximation.enabled'?)"));
    }

    @Test
    void thePresetsKeepTheQuickExperimentSmall() {
        ApproximationConfig quick = JobConfig.load(Path.of("..", "conf", "param-efficiency-quick.conf"), List.of())
                .study().approximation();
        ApproximationConfig full = JobConfig.load(Path.of("..", "conf", "param-efficiency.conf"), List.of())
                .study().approximation();
        assertTrue(quick.enabled() && full.enabled());
        assertTrue(steps(quick) <= 40_000, "the quick preset must stay within about 90 s: " + steps(quick) + " steps");
        assertTrue(steps(full) > steps(quick));
    }

    /** Full-batch training steps of the whole experiment. */
    private static long steps(ApproximationConfig c) {
        long networks = (long) c.fixed().size() * c.fixedActivations().size()
                + (long) c.rational().size() * c.rationalTypes().size();
        return networks * c.targets().size() * c.restarts() * c.iterations();
    }
}
