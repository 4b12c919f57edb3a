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
        RoundStats second = back.recentRounds().get(1);
        assertTrue(Double.isNaN(second.meanLoss()));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(second.broadcastMs()));
        assertEquals(Double.POSITIVE_INFINITY, second.slowestWorkerMs());
        assertEquals(Double.NEGATIVE_INFINITY, second.medianWorkerMs());
        assertTrue(Double.isNaN(second.coefficientSpread().get("layer1")));
        assertEquals(Double.MIN_VALUE, back.recentRounds().get(0).minDenominator().get("layer3"));
    }

    @Test
    void randomDoublesRoundTripBitForBit() throws Exception {
        java.util.Random random = new java.util.Random(7);
        Map<String, Double> spread = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            spread.put("layer" + i, Double.longBitsToDouble(random.nextLong()));
        }
        RoundStats stats = new RoundStats(0, 0, 1, 1, 1, random.nextDouble() * 1e-310, random.nextGaussian(), 0, 0,
                0, 0, 0, 0, spread, Map.of());
        TrainerState state = TrainerState.start(-3).after(stats, 0, 1);
        TrainerState back = roundTrip(state);
        for (Map.Entry<String, Double> e : spread.entrySet()) {
            assertEquals(Double.doubleToLongBits(e.getValue()),
                    Double.doubleToLongBits(back.recentRounds().get(0).coefficientSpread().get(e.getKey())), e.getKey());
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
                .replace("\"formatVersion\" : 2", "\"formatVersion\" : 3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointJson.read(
                json.getBytes(StandardCharsets.UTF_8), TrainerState.class, "state.json", TrainerState.FORMAT_VERSION));
        assertEquals("state.json: unsupported format version 3 (this build reads version 2)", e.getMessage());
    }

    @Test
    void missingOrUnknownFieldsAreRejected() throws Exception {
        String json = new String(CheckpointJson.write(TrainerState.start(5)), StandardCharsets.UTF_8);
        for (String broken : Arrays.asList(json.replace("\"epoch\" : 0,", ""),
                json.replace("\"epoch\" : 0,", "\"epoch\" : 0, \"learningRate\" : 0.1,"),
                json.replace("\"seed\" : 5", "\"seed\" : null"))) {
            assertTrue(!broken.equals(json), "fixture did not change the JSON: " + json);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointJson.read(
                    broken.getBytes(StandardCharsets.UTF_8), TrainerState.class, "state.json", TrainerState.FORMAT_VERSION), broken);
            assertTrue(e.getMessage().startsWith("state.json: not a valid TrainerState: "), e.getMessage());
        }
    }

    @Test
    void aVersion1StateWithItsFullHistoryIsReadAsTheBoundedState() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode v1 = json.createObjectNode();
        v1.put("formatVersion", 1).put("nextRound", 70).put("epoch", 3).put("position", 10).put("seed", 9);
        com.fasterxml.jackson.databind.node.ArrayNode history = v1.putArray("history");
        for (int r = 0; r < 70; r++) {
            com.fasterxml.jackson.databind.node.ObjectNode s = history.addObject();
            s.put("round", r).put("epoch", r / 20).put("period", r < 2 ? 1 : 5).put("workers", 2).put("examples", 100)
                    .put("broadcastMs", 1.0).put("slowestWorkerMs", 2.0).put("medianWorkerMs", 1.5)
                    .put("aggregationMs", 3.0).put("driverMs", 0.25).put("examplesPerSecond", 1000.0);
            if (r == 3) {
                s.put("meanLoss", "NaN");
            } else {
                s.put("meanLoss", 0.5);
            }
            s.putObject("coefficientSpread").put("layer1", 0.125);
            s.putObject("minDenominator");
        }
        TrainerState state = TrainerStateUpgrade.read(json.writeValueAsBytes(v1), "state.json");
        assertEquals(TrainerState.FORMAT_VERSION, state.formatVersion());
        assertEquals(70, state.nextRound());
        assertEquals(3, state.epoch());
        assertEquals(10, state.position());
        assertEquals(9, state.seed());
        assertEquals(2 + 68 * 5, state.iteration(), "the iteration counter is the sum of the rounds' k");
        assertEquals(TrainerState.RECENT_ROUNDS, state.recentRounds().size());
        assertEquals(6, state.recentRounds().get(0).round());
        assertEquals(100.0, state.recentRounds().get(0).roundMs(), 1e-9, "100 examples at 1000 per second");
        assertEquals(0.125, state.recentRounds().get(0).coefficientSpread().get("layer1"));
        assertEquals(70, state.totals().rounds());
        assertEquals(7000, state.totals().examples());
        assertEquals(7000.0, state.totals().roundMs(), 1e-6);
        assertTrue(Double.isNaN(state.totals().lossSum()), "a NaN loss in the history stays visible in the totals");

        TrainerState current = TinyNets.state(5);
        assertEquals(current, TrainerStateUpgrade.read(CheckpointJson.write(current), "state.json"),
                "the current version is read as it is");
    }
}
