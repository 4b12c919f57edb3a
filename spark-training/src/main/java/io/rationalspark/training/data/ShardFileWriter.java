package io.rationalspark.training.data;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Writes one shard file: header, records, index, trailer (see the package documentation). It checks nothing
 * about the minibatches it is given; {@link ShardWriter} validates before it appends.
 */
final class ShardFileWriter implements Closeable {

    private final DataOutputStream out;
    private final MessageDigest sha256;
    private long position;
    private long[] offsets = new long[16];
    private int[] lengths = new int[16];
    private int[] examples = new int[16];
    private int records;
    private long totalExamples;
    private boolean finished;

    ShardFileWriter(FSDataOutputStream stream) throws IOException {
        this.sha256 = ShardDigests.sha256();
        this.out = new DataOutputStream(new DigestOutputStream(stream, sha256));
        out.write(ShardFormat.MAGIC);
        out.writeInt(ShardFormat.VERSION);
        position = ShardFormat.HEADER_BYTES;
    }

    /** The ND4J binary form of a minibatch ({@link DataSet#save(java.io.OutputStream)}). */
    static byte[] serialize(DataSet minibatch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        minibatch.save(bytes);
        return bytes.toByteArray();
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Appends one record: length prefix, the serialized minibatch, its CRC32. */
    void append(DataSet minibatch) throws IOException {
        byte[] payload = serialize(minibatch);
        if (records == offsets.length) {
            offsets = Arrays.copyOf(offsets, records * 2);
            lengths = Arrays.copyOf(lengths, records * 2);
            examples = Arrays.copyOf(examples, records * 2);
        }
        offsets[records] = position;
        lengths[records] = payload.length;
        examples[records] = minibatch.numExamples();
        out.writeInt(payload.length);
        out.write(payload);
        out.writeInt(crc(payload, 0, payload.length));
        position += ShardFormat.RECORD_OVERHEAD_BYTES + payload.length;
        totalExamples += examples[records];
        records++;
    }

    int records() {
        return records;
    }

    long examples() {
        return totalExamples;
    }

    /** Writes the index and the trailer and closes the file. */
    void finish() throws IOException {
        ByteArrayOutputStream indexBytes = new ByteArrayOutputStream(4 + records * ShardFormat.INDEX_ENTRY_BYTES);
        DataOutputStream index = new DataOutputStream(indexBytes);
        index.writeInt(records);
        for (int i = 0; i < records; i++) {
            index.writeLong(offsets[i]);
            index.writeInt(lengths[i]);
            index.writeInt(examples[i]);
        }
        byte[] indexArray = indexBytes.toByteArray();
        out.write(indexArray);
        out.writeLong(position);
        out.writeInt(records);
        out.writeInt(crc(indexArray, 0, indexArray.length));
        out.write(ShardFormat.MAGIC);
        finished = true;
        out.close();
    }

    /** The SHA-256 of the whole file, in lowercase hex; after {@link #finish()}. */
    String sha256() {
        if (!finished) {
            throw new IllegalStateException("the shard file is not finished");
        }
        return ShardDigests.hex(sha256.digest());
    }

    /** Closes the file; one not {@link #finish() finished} is left without index and trailer (unreadable). */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            out.close();
        }
    }
}
