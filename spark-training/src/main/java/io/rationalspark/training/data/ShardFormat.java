package io.rationalspark.training.data;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the shard file format and the manifest (described in the package documentation): magic bytes,
 * format versions, sizes of the fixed parts and file names.
 */
public final class ShardFormat {

    /** First 8 bytes of every shard file, and its last 8 bytes (the end of the trailer). */
    static final byte[] MAGIC = "RSSHARD\u001a".getBytes(StandardCharsets.US_ASCII);

    /** Version of the shard file layout this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * Version of {@code _manifest.json} this code writes: 2 gives every shard its SHA-256. Version 1 manifests (no
     * digests) are still read; their shards are checked by their CRCs only.
     */
    public static final int MANIFEST_VERSION = 2;

    /** Name of the manifest inside a shard directory. */
    public static final String MANIFEST = "_manifest.json";

    /** Header: magic (8) + format version (int32). */
    static final int HEADER_BYTES = MAGIC.length + 4;

    /** Trailer: index offset (int64) + record count (int32) + index CRC32 (int32) + magic (8). */
    static final int TRAILER_BYTES = 8 + 4 + 4 + MAGIC.length;

    /** One index entry: record offset (int64) + payload length (int32) + examples (int32). */
    static final int INDEX_ENTRY_BYTES = 8 + 4 + 4;

    /** A record around its payload: length prefix (int32) before, CRC32 (int32) after. */
    static final int RECORD_OVERHEAD_BYTES = 4 + 4;

    private ShardFormat() {
    }

    /** File name of shard {@code index} inside a shard directory. */
    public static String shardFileName(int index) {
        return String.format("shard-%05d.rsb", index);
    }
}
