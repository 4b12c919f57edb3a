package io.rationalspark.training.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code _manifest.json} of a shard directory: what the shards hold, so that a reader can plan partitions
 * without opening any shard. Read with {@link #read(FileSystem, Path)}, which rejects unknown format versions and
 * inconsistent content with a message naming the file.
 *
 * @param formatVersion manifest format version ({@link ShardFormat#MANIFEST_VERSION})
 * @param minibatchSize examples in the largest minibatch (the nominal minibatch size; the last may be smaller)
 * @param minibatches   minibatches in all shards
 * @param examples      examples in all shards
 * @param minibatch     shapes (without the batch dimension), mask presence and data types every minibatch shares
 * @param shards        the shard files in data order
 * @param metadata      free-form strings a job attaches (e.g. a vocabulary path, normalisation statistics),
 *                      sorted by key
 */
public record ShardManifest(int formatVersion, int minibatchSize, long minibatches, long examples,
                            MinibatchShape minibatch, List<Shard> shards, Map<String, String> metadata)
        implements Serializable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public ShardManifest {
        shards = List.copyOf(shards);
        metadata = Collections.unmodifiableMap(metadata == null ? new TreeMap<>() : new TreeMap<>(metadata));
    }

    /**
     * One shard file.
     *
     * @param file     file name inside the shard directory
     * @param records  minibatches in the file
     * @param examples examples in the file
     * @param sha256   SHA-256 of the whole file, lowercase hex (null in a version 1 manifest): every reader checks the
     *                 file against it before using it
     */
    public record Shard(String file, int records, long examples, String sha256) implements Serializable {
    }

    /** Reads and validates {@code dir/_manifest.json}. */
    public static ShardManifest read(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, ShardFormat.MANIFEST);
        if (!fs.exists(file)) {
            throw new FileNotFoundException("no " + ShardFormat.MANIFEST + " in " + fs.makeQualified(dir)
                    + ": not a shard directory, or one not completely written");
        }
        String where = fs.makeQualified(file).toString();
        byte[] bytes;
        try (FSDataInputStream in = fs.open(file)) {
            bytes = in.readAllBytes();
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), where);
    }

    /** Parses and validates manifest JSON; {@code where} names its origin in error messages. */
    static ShardManifest parse(String json, String where) throws IOException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CorruptShardException(where + ": manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode version = tree == null ? null : tree.get("formatVersion");
        if (version == null || !version.isInt()) {
            throw new CorruptShardException(where + ": manifest has no integer formatVersion");
        }
        if (version.intValue() != ShardFormat.MANIFEST_VERSION && version.intValue() != 1) {
            throw new CorruptShardException(where + ": unsupported manifest format version " + version.intValue()
                    + " (this reader supports versions 1 and " + ShardFormat.MANIFEST_VERSION + ")");
        }
        if (version.intValue() == 1 && tree.get("shards") instanceof com.fasterxml.jackson.databind.node.ArrayNode v1) {
            // version 1 had no digests
            v1.forEach(shard -> {
                if (shard instanceof com.fasterxml.jackson.databind.node.ObjectNode entry && !entry.has("sha256")) {
                    entry.putNull("sha256");
                }
            });
        }
        ShardManifest manifest;
        try {
            manifest = JSON.treeToValue(tree, ShardManifest.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            String message = e instanceof JsonProcessingException
                    ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
            throw new CorruptShardException(where + ": manifest does not match format version "
                    + version.intValue() + ": " + message, e);
        }
        String problem = manifest.problem();
        if (problem != null) {
            throw new CorruptShardException(where + ": inconsistent manifest: " + problem);
        }
        return manifest;
    }

    /** Writes this manifest as {@code dir/_manifest.json}. */
    void write(FileSystem fs, Path dir) throws IOException {
        try (FSDataOutputStream out = fs.create(new Path(dir, ShardFormat.MANIFEST), false)) {
            out.write(toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The manifest as JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest as JSON", e);
        }
    }

    private String problem() {
        if (minibatch == null) {
            return "minibatch shapes are missing";
        }
        if (minibatchSize < 1) {
            return "minibatchSize must be >= 1, got " + minibatchSize;
        }
        if (shards.isEmpty()) {
            return "no shards";
        }
        long records = 0;
        long shardExamples = 0;
        for (Shard shard : shards) {
            if (shard == null || shard.file() == null || shard.file().isEmpty() || shard.file().contains("/")) {
                return "shard entry " + shard + " must name a file inside the directory";
            }
            if (formatVersion >= 2 && (shard.sha256() == null || !shard.sha256().matches("[0-9a-f]{64}"))) {
                return "shard " + shard.file() + " has no SHA-256 (64 lowercase hex digits), got " + shard.sha256();
            }
            if (shard.records() < 1 || shard.examples() < shard.records()) {
                return "shard " + shard.file() + " has " + shard.records() + " records and " + shard.examples()
                        + " examples";
            }
            records += shard.records();
            shardExamples += shard.examples();
        }
        if (records != minibatches) {
            return "shards hold " + records + " minibatches, the manifest says " + minibatches;
        }
        if (shardExamples != examples) {
            return "shards hold " + shardExamples + " examples, the manifest says " + examples;
        }
        return null;
    }
}
