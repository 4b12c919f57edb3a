package io.rationalspark.training.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;

/**
 * Reads one shard file by seeking: opening validates the header, the trailer and the index (nothing else is
 * read), and {@link #read(int)} reads exactly one record and checks its CRC32. Any problem with the file is a
 * {@link CorruptShardException} whose message names the file (and the record). Not thread-safe; close it.
 */
public final class ShardReader implements Closeable {

    private final String file;
    private final FSDataInputStream in;
    private final long[] offsets;
    private final int[] lengths;
    private final int[] examples;

    private ShardReader(String file, FSDataInputStream in, long fileLength) throws IOException {
        this.file = file;
        this.in = in;
        long minimum = ShardFormat.HEADER_BYTES + ShardFormat.TRAILER_BYTES;
        if (fileLength < minimum) {
            throw corrupt("truncated: " + fileLength + " bytes, fewer than the " + minimum
                    + " bytes of header and trailer");
        }
        byte[] header = new byte[ShardFormat.HEADER_BYTES];
        in.readFully(0, header);
        if (!startsWithMagic(header, 0)) {
            throw corrupt("not a shard file: wrong magic bytes "
                    + Arrays.toString(Arrays.copyOf(header, ShardFormat.MAGIC.length)));
        }
        int version = new DataInputStream(new ByteArrayInputStream(header, ShardFormat.MAGIC.length, 4)).readInt();
        if (version != ShardFormat.VERSION) {
            throw corrupt("unsupported shard format version " + version + " (this reader supports version "
                    + ShardFormat.VERSION + ")");
        }

        byte[] trailerBytes = new byte[ShardFormat.TRAILER_BYTES];
        in.readFully(fileLength - ShardFormat.TRAILER_BYTES, trailerBytes);
        if (!startsWithMagic(trailerBytes, ShardFormat.TRAILER_BYTES - ShardFormat.MAGIC.length)) {
            throw corrupt("truncated or corrupt: no trailer (magic bytes missing at the end of its "
                    + fileLength + " bytes)");
        }
        DataInputStream trailer = new DataInputStream(new ByteArrayInputStream(trailerBytes));
        long indexOffset = trailer.readLong();
        int count = trailer.readInt();
        int indexCrc = trailer.readInt();
        long indexBytes = 4 + (long) count * ShardFormat.INDEX_ENTRY_BYTES;
        if (count < 0 || indexOffset < ShardFormat.HEADER_BYTES
                || indexOffset + indexBytes != fileLength - ShardFormat.TRAILER_BYTES) {
            throw corrupt("corrupt trailer: an index of " + count + " records at offset " + indexOffset
                    + " does not fit a file of " + fileLength + " bytes");
        }

        byte[] indexArray = new byte[(int) indexBytes];
        in.readFully(indexOffset, indexArray);
        if (ShardFileWriter.crc(indexArray, 0, indexArray.length) != indexCrc) {
            throw corrupt("corrupt index: CRC32 mismatch");
        }
        DataInputStream index = new DataInputStream(new ByteArrayInputStream(indexArray));
        if (index.readInt() != count) {
            throw corrupt("corrupt index: its record count disagrees with the trailer's " + count);
        }
        offsets = new long[count];
        lengths = new int[count];
        examples = new int[count];
        long expected = ShardFormat.HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            offsets[i] = index.readLong();
            lengths[i] = index.readInt();
            examples[i] = index.readInt();
            if (offsets[i] != expected || lengths[i] < 0 || examples[i] < 1) {
                throw corrupt("corrupt index: record " + i + " at offset " + offsets[i] + " with " + lengths[i]
                        + " bytes and " + examples[i] + " examples (expected offset " + expected + ")");
            }
            expected += ShardFormat.RECORD_OVERHEAD_BYTES + (long) lengths[i];
        }
        if (expected != indexOffset) {
            throw corrupt("corrupt index: records end at " + expected + " but the index starts at " + indexOffset);
        }
    }

    /** Opens {@code path} on {@code fs}; the file system stays open (Hadoop caches and shares it). */
    public static ShardReader open(FileSystem fs, Path path) throws IOException {
        String file = fs.makeQualified(path).toString();
        long length = fs.getFileStatus(path).getLen();
        FSDataInputStream in = fs.open(path);
        try {
            return new ShardReader(file, in, length);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens the shard at {@code uri} (any Hadoop file system: file://, hdfs://, s3a://, ...). */
    public static ShardReader open(String uri, Configuration conf) throws IOException {
        Path path = new Path(uri);
        return open(FileSystem.get(URI.create(uri), conf), path);
    }

    /** The fully qualified name of the file, as error messages give it. */
    public String file() {
        return file;
    }

    public int recordCount() {
        return offsets.length;
    }

    /** Examples in record {@code i}. */
    public int examples(int i) {
        checkRecord(i);
        return examples[i];
    }

    /** Examples in all records. */
    public long totalExamples() {
        long total = 0;
        for (int n : examples) {
            total += n;
        }
        return total;
    }

    /** Offset of record {@code i}'s length prefix in the file (for tests that damage a record). */
    long recordOffset(int i) {
        checkRecord(i);
        return offsets[i];
    }

    /** Reads record {@code i} (seeking to it unless the stream is already there) and checks its CRC32. */
    public DataSet read(int i) throws IOException {
        checkRecord(i);
        if (in.getPos() != offsets[i]) {
            in.seek(offsets[i]);
        }
        byte[] payload;
        int stored;
        try {
            int length = in.readInt();
            if (length != lengths[i]) {
                throw corrupt("record " + i + ": length prefix " + length + " disagrees with the index's "
                        + lengths[i]);
            }
            payload = new byte[length];
            in.readFully(payload);
            stored = in.readInt();
        } catch (EOFException e) {
            throw new CorruptShardException(file + ": record " + i + ": the file ends inside the record", e);
        }
        CRC32 crc = new CRC32();
        crc.update(payload);
        if ((int) crc.getValue() != stored) {
            throw corrupt("record " + i + ": CRC32 mismatch (stored " + Integer.toHexString(stored) + ", computed "
                    + Long.toHexString(crc.getValue()) + ")");
        }
        DataSet minibatch = new DataSet();
        try {
            minibatch.load(new ByteArrayInputStream(payload));
        } catch (RuntimeException e) {
            throw new CorruptShardException(file + ": record " + i + ": cannot decode the minibatch", e);
        }
        if (minibatch.getFeatures() == null || minibatch.numExamples() != examples[i]) {
            throw corrupt("record " + i + ": holds " + (minibatch.getFeatures() == null ? 0 : minibatch.numExamples())
                    + " examples, the index says " + examples[i]);
        }
        return minibatch;
    }

    /**
     * Records [from, to) in order, read lazily by seeking to {@code from}: records before it are never read.
     * Read errors surface as {@link UncheckedIOException} around the {@link CorruptShardException}.
     */
    public Iterator<DataSet> iterator(int from, int to) {
        if (from < 0 || to < from || to > recordCount()) {
            throw new IllegalArgumentException(file + ": cannot read records [" + from + ", " + to + "): the file has "
                    + recordCount() + " records");
        }
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next < to;
            }

            @Override
            public DataSet next() {
                if (next >= to) {
                    throw new NoSuchElementException();
                }
                try {
                    return read(next++);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void checkRecord(int i) {
        if (i < 0 || i >= recordCount()) {
            throw new IllegalArgumentException(file + ": no record " + i + ": the file has " + recordCount()
                    + " records");
        }
    }

    private CorruptShardException corrupt(String what) {
        return new CorruptShardException(file + ": " + what);
    }

    private static boolean startsWithMagic(byte[] bytes, int offset) {
        for (int i = 0; i < ShardFormat.MAGIC.length; i++) {
            if (bytes[offset + i] != ShardFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
