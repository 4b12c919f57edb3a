package io.rationalspark.training.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rationalspark.training.RoundTotals;
import io.rationalspark.training.TrainerState;

import java.io.IOException;

/**
 * Reads {@code state.json} of format version 1 (every round's statistics in {@code history}, no iteration counter,
 * no round wall time) as the current {@link TrainerState}: the iteration is the sum of the rounds' k, the totals are
 * summed from the history, the round time is examples / examples per second, and the last
 * {@value TrainerState#RECENT_ROUNDS} rounds are kept. Checkpoints written before the state became bounded thus
 * still resume.
 */
final class TrainerStateUpgrade {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainerStateUpgrade() {
    }

    /**
     * {@code json} (any supported version) as the current state.
     *
     * @throws IllegalArgumentException naming {@code fileName} and what is wrong
     */
    static TrainerState read(byte[] json, String fileName) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            tree = null; // CheckpointJson.read reports it
        }
        if (tree instanceof ObjectNode && tree.path("formatVersion").isInt() && tree.get("formatVersion").intValue() == 1
                && tree.path("history").isArray()) {
            try {
                json = CheckpointJson.write(fromVersion1((ObjectNode) tree));
            } catch (IOException e) {
                throw new IllegalArgumentException(fileName + ": cannot upgrade format version 1: " + e.getMessage(), e);
            }
        }
        return CheckpointJson.read(json, TrainerState.class, fileName, TrainerState.FORMAT_VERSION);
    }

    private static ObjectNode fromVersion1(ObjectNode v1) {
        ArrayNode history = (ArrayNode) v1.get("history");
        long iteration = 0;
        RoundTotals totals = RoundTotals.NONE;
        ArrayNode recent = JSON.createArrayNode();
        for (int i = 0; i < history.size(); i++) {
            ObjectNode round = (ObjectNode) history.get(i);
            long examples = round.path("examples").asLong();
            double perSecond = number(round, "examplesPerSecond");
            double roundMs = perSecond > 0 ? examples / perSecond * 1e3 : 0;
            round.put("roundMs", roundMs);
            iteration += round.path("period").asLong();
            totals = new RoundTotals(totals.rounds() + 1, totals.examples() + examples,
                    totals.lossSum() + number(round, "meanLoss") * examples, totals.roundMs() + roundMs,
                    totals.broadcastMs() + number(round, "broadcastMs"),
                    totals.slowestWorkerMs() + number(round, "slowestWorkerMs"),
                    totals.medianWorkerMs() + number(round, "medianWorkerMs"),
                    totals.aggregationMs() + number(round, "aggregationMs"), totals.driverMs() + number(round, "driverMs"));
            if (i >= history.size() - TrainerState.RECENT_ROUNDS) {
                recent.add(round);
            }
        }
        ObjectNode v2 = JSON.createObjectNode();
        v2.put("formatVersion", TrainerState.FORMAT_VERSION);
        v2.set("nextRound", v1.get("nextRound"));
        v2.set("epoch", v1.get("epoch"));
        v2.set("position", v1.get("position"));
        v2.put("iteration", iteration);
        v2.set("seed", v1.get("seed"));
        v2.set("totals", JSON.valueToTree(totals));
        v2.set("recentRounds", recent);
        return v2;
    }

    /** A double written by CheckpointJson: a number, or "NaN" / "Infinity" / "-Infinity". */
    private static double number(JsonNode round, String field) {
        JsonNode value = round.path(field);
        return value.isTextual() ? Double.parseDouble(value.textValue()) : value.asDouble();
    }
}
