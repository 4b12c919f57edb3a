package io.rationalspark.training.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;

/**
 * The strict JSON form of checkpoint files: records by their components, map entries sorted, non-finite doubles
 * as the strings "NaN", "Infinity", "-Infinity" (read back as such); a missing component, an unknown one or a
 * null for a primitive fails the read.
 */
final class CheckpointJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CheckpointJson() {
    }

    static byte[] write(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(value);
    }

    /**
     * Parses {@code json} as a {@code type} whose {@code formatVersion} component must equal
     * {@code supportedVersion}; the version is checked before the rest, so a newer layout gets the version
     * message rather than a schema error.
     *
     * @throws IllegalArgumentException with a message naming {@code fileName} and what is wrong
     */
    static <T> T read(byte[] json, Class<T> type, String fileName, int supportedVersion) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(fileName + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(fileName + ": unreadable JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(fileName + ": expected a JSON object");
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.isInt()) {
            throw new IllegalArgumentException(fileName + ": no integer formatVersion (this build reads version "
                    + supportedVersion + ")");
        }
        if (version.intValue() != supportedVersion) {
            throw new IllegalArgumentException(fileName + ": unsupported format version " + version.intValue()
                    + " (this build reads version " + supportedVersion + ")");
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(fileName + ": not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
