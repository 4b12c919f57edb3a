package io.rationalspark.training.checkpoint;

import io.rationalspark.training.RoundStats;
import io.rationalspark.training.TrainerState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointJsonTest {

    private static TrainerState roundTrip(TrainerState state) throws Exception {
        byte[] json = CheckpointJson.write(state);
        return CheckpointJson.read(json, TrainerState.class, "state.json", TrainerState.FORMAT_VERSION);
    }

    @Test
    void trainerStateRoundTripsExactlyIncludingNonFiniteValues() throws Exception {
        TrainerState state = TinyNets.state(12);
        TrainerState back = roundTrip(state);

        assertEquals(state, back);
        RoundStats second = back.history().get(1);
        assertTrue(Double.isNaN(second.meanLoss()));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(second.broadcastMs()));
        assertEquals(Double.POSITIVE_INFINITY, second.slowestWorkerMs());
        assertEquals(Double.NEGATIVE_INFINITY, second.medianWorkerMs());
        assertTrue(Double.isNaN(second.coefficientSpread().get("layer1")));
        assertEquals(Double.MIN_VALUE, back.history().get(0).minDenominator().get("layer3"));
    }

    @Test
    void randomDoublesRoundTripBitForBit() throws Exception {
        java.util.Random random = new java.util.Random(7);
        Map<String, Double> spread = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            spread.put("layer" + i, Double.longBitsToDouble(random.nextLong()));
        }
        RoundStats stats = new RoundStats(0, 0, 1, 1, 1, random.nextDouble() * 1e-310, random.nextGaussian(), 0, 0,
                0, 0, 0, spread, Map.of());
        TrainerState state = new TrainerState(TrainerState.FORMAT_VERSION, 1, 0, 0, -3, List.of(stats));
        TrainerState back = roundTrip(state);
        for (Map.Entry<String, Double> e : spread.entrySet()) {
            assertEquals(Double.doubleToLongBits(e.getValue()),
                    Double.doubleToLongBits(back.history().get(0).coefficientSpread().get(e.getKey())), e.getKey());
        }
        assertEquals(state, back);
    }

    @Test
    void anEmptyHistoryAndAFreshStartRoundTrip() throws Exception {
        assertEquals(TrainerState.start(99), roundTrip(TrainerState.start(99)));
    }

    @Test
    void anUnknownFormatVersionNamesBothVersions() throws Exception {
        String json = new String(CheckpointJson.write(TinyNets.state(3)), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointJson.read(
                json.getBytes(StandardCharsets.UTF_8), TrainerState.class, "state.json", TrainerState.FORMAT_VERSION));
        assertEquals("state.json: unsupported format version 2 (this build reads version 1)", e.getMessage());
    }

    @Test
    void missingOrUnknownFieldsAreRejected() throws Exception {
        String json = new String(CheckpointJson.write(TrainerState.start(5)), StandardCharsets.UTF_8);
        for (String broken : Arrays.asList(json.replace("\"epoch\" : 0,", ""),
                json.replace("\"epoch\" : 0,", "\"epoch\" : 0, \"learningRate\" : 0.1,"),
                json.replace("\"seed\" : 5", "\"seed\" : null"))) {
            assertTrue(!broken.equals(json), "fixture did not change the JSON: " + json);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointJson.read(
                    broken.getBytes(StandardCharsets.UTF_8), TrainerState.class, "state.json", 1), broken);
            assertTrue(e.getMessage().startsWith("state.json: not a valid TrainerState: "), e.getMessage());
        }
    }
}
