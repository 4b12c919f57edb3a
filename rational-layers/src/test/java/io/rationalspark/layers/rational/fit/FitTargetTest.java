package io.rationalspark.layers.rational.fit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitTargetTest {

    private static final List<String> ALL = List.of("relu", "leakyrelu", "tanh", "sigmoid", "silu", "gelu", "elu",
            "softplus", "identity", "abs");

    @Test
    void namesListsEveryTargetAndEachParses() {
        assertEquals(ALL.size(), FitTarget.names().size());
        for (String name : ALL) {
            FitTarget target = FitTarget.parse(name);
            assertEquals(name, target.name());
            assertTrue(FitTarget.names().stream().anyMatch(n -> n.startsWith(name)), name);
        }
    }

    @Test
    void canonicalSpecRoundTrips() {
        for (String spec : List.of("relu", "leakyrelu", "leakyrelu:0.2", "elu", "elu:0.5", "swish", "gelu", "abs")) {
            FitTarget target = FitTarget.parse(spec);
            FitTarget again = FitTarget.parse(target.toString());
            assertEquals(target, again, spec);
            assertEquals(target.hashCode(), again.hashCode(), spec);
            assertEquals(target.toString(), again.toString(), spec);
        }
        assertEquals("leakyrelu:0.01", FitTarget.parse("leakyrelu").toString());
        assertEquals("elu:1", FitTarget.parse("elu").toString());
        assertEquals("silu", FitTarget.parse("swish").toString());
    }

    @Test
    void namesIgnoreCaseUnderscoresAndDashes() {
        assertEquals(FitTarget.parse("leakyrelu:0.2"), FitTarget.parse(" Leaky_ReLU:0.2 "));
        assertEquals(FitTarget.parse("leakyrelu"), FitTarget.parse("LEAKY-RELU"));
        assertEquals(FitTarget.parse("leakyrelu"), FitTarget.parse("leakyrelu:0.010"));
        assertEquals(FitTarget.parse("silu"), FitTarget.parse("Swish"));
        assertEquals(FitTarget.parse("softplus"), FitTarget.parse("soft_plus"));
        assertNotEquals(FitTarget.parse("leakyrelu:0.2"), FitTarget.parse("leakyrelu"));
        assertNotEquals(FitTarget.parse("relu"), FitTarget.parse("abs"));
        assertEquals(FitTarget.parse("leakyrelu:0"), FitTarget.parse("leakyrelu:-0"));
    }

    @Test
    void valuesFollowTheDefinitions() {
        assertEquals(0.0, FitTarget.parse("relu").value(-2), 0.0);
        assertEquals(1.5, FitTarget.parse("relu").value(1.5), 0.0);
        assertEquals(-0.01, FitTarget.parse("leakyrelu").value(-1), 1e-17);
        assertEquals(-0.6, FitTarget.parse("leakyrelu:0.2").value(-3), 1e-15);
        assertEquals(2.0, FitTarget.parse("leakyrelu:0.2").value(2), 0.0);
        assertEquals(Math.exp(-1) - 1, FitTarget.parse("elu").value(-1), 1e-16);
        assertEquals(0.5 * (Math.exp(-2) - 1), FitTarget.parse("elu:0.5").value(-2), 1e-16);
        assertEquals(3.0, FitTarget.parse("elu:0.5").value(3), 0.0);
        assertEquals(0.5, FitTarget.parse("sigmoid").value(0), 0.0);
        for (double x : new double[] {-30, -3, -0.5, 0.7, 4, 30}) {
            double sigmoid = 1 / (1 + Math.exp(-x));
            assertEquals(sigmoid, FitTarget.parse("sigmoid").value(x), 1e-16, "sigmoid " + x);
            assertEquals(x * sigmoid, FitTarget.parse("silu").value(x), 1e-15 * Math.max(1, Math.abs(x)), "silu " + x);
            assertEquals(Math.tanh(x), FitTarget.parse("tanh").value(x), 0.0);
            assertEquals(Math.abs(x), FitTarget.parse("abs").value(x), 0.0);
            assertEquals(x, FitTarget.parse("identity").value(x), 0.0);
        }
        for (double x : new double[] {-5, -1, 0, 0.5, 3}) {
            assertEquals(Math.log(1 + Math.exp(x)), FitTarget.parse("softplus").value(x), 1e-15, "softplus " + x);
        }
        assertEquals(800.0, FitTarget.parse("softplus").value(800), 0.0); // no overflow of e^x
        assertEquals(Math.exp(-50), FitTarget.parse("softplus").value(-50), 1e-35);
        assertEquals(0.0, FitTarget.parse("gelu").value(0), 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "", "   ", "re lu", "leaky"})
    void unknownNamesAreRejectedWithTheValidNames(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitTarget.parse(spec));
        assertTrue(e.getMessage().contains("'" + spec + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("leakyrelu[:alpha]") && e.getMessage().contains("gelu"), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitTarget.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"leakyrelu:abc", "leakyrelu:", "leakyrelu:NaN", "elu:Infinity", "elu:-1", "leakyrelu:-0.1"})
    void badParametersAreRejectedWithTheValue(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitTarget.parse(spec));
        String value = spec.substring(spec.indexOf(':') + 1);
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu:0.1", "gelu:1", "tanh:2"})
    void parametersOnTargetsWithoutOneAreRejected(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitTarget.parse(spec));
        assertTrue(e.getMessage().contains(spec) && e.getMessage().contains("takes no parameter"), e.getMessage());
    }
}
