package io.rationalspark.training.data;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SHA-256 of shard files: computed while a shard is written, and checked before one is read, so that a shard
 * replaced or altered on shared storage (a valid shard of another data set, an edit that keeps the record CRCs right)
 * is an error naming the file, never a silent load (a damaged file gets the error of its own checks, which says more:
 * truncated, a record's CRC). A file is hashed once per JVM and version of the file (its
 * path, length and modification time), not at every epoch that reads it.
 */
final class ShardDigests {

    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();

    private ShardDigests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * Checks that {@code path} has the SHA-256 {@code expected}.
     *
     * @throws CorruptShardException naming the file, both digests and what to do, when it has another
     */
    static void verify(FileSystem fs, Path path, String expected) throws IOException {
        FileStatus status = fs.getFileStatus(path);
        String version = fs.makeQualified(path) + "|" + status.getLen() + "|" + status.getModificationTime() + "|"
                + expected;
        if (VERIFIED.contains(version)) {
            return;
        }
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (FSDataInputStream in = fs.open(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        String actual = hex(digest.digest());
        if (!actual.equals(expected)) {
            describeDamage(fs, path);
            throw new CorruptShardException(fs.makeQualified(path) + ": SHA-256 " + actual + ", but the manifest says "
                    + expected + ": the file was changed or replaced after the shards were written; prepare the data"
                    + " again");
        }
        VERIFIED.add(version);
    }

    /**
     * For a file whose digest is wrong: throws the more telling error of the file's own checks (truncation, a bad
     * header or index, a record's CRC) when it fails one; returns when it is a valid shard file, only not the one the
     * manifest describes.
     */
    private static void describeDamage(FileSystem fs, Path path) throws IOException {
        try (ShardReader reader = ShardReader.open(fs, path)) {
            for (int i = 0; i < reader.recordCount(); i++) {
                reader.read(i);
            }
        }
    }
}
