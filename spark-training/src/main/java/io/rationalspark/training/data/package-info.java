/**
 * Training data for the trainer: minibatch shards on any Hadoop file system, streamed
 * ({@link io.rationalspark.training.data.ShardedTrainingData}) or cached in the executors
 * ({@link io.rationalspark.training.data.CachedTrainingData}).
 *
 * <h2>Shard directory</h2>
 * {@link io.rationalspark.training.data.ShardWriter} turns a stream of minibatch {@code DataSet}s into a directory
 * of shard files {@code shard-00000.rsb}, {@code shard-00001.rsb}, ... (each holding the same number of minibatches
 * but the last) and a manifest {@code _manifest.json}. The directory appears complete or not at all: it is written
 * under a hidden temporary name beside the target and renamed at the end.
 *
 * <h2>Shard file, format version 1</h2>
 * Integers are big-endian ({@link java.io.DataOutput}); CRCs are CRC32 values stored as int32.
 * <pre>
 * header   magic "RSSHARD\u001a" (8 bytes) | format version (int32, = 1)
 * records  per record: payload length n (int32) | payload (n bytes) | CRC32 of the payload (int32)
 *          payload = DataSet.save(OutputStream): ND4J's binary form of features, labels and masks
 * index    record count (int32) | per record: offset of its length prefix (int64) | n (int32) | examples (int32)
 * trailer  index offset (int64) | record count (int32) | CRC32 of the index bytes (int32) | magic (8 bytes)
 * </pre>
 * The trailer is the file's last 24 bytes, so a reader reads header, trailer and index (16 bytes per record) and
 * can then seek to any record. Records are contiguous from offset 12 and the index follows the last one; the
 * reader checks all of that, so truncation, a wrong magic or version, and a damaged index or record are reported
 * with the file name (and the record) as a {@link io.rationalspark.training.data.CorruptShardException}.
 *
 * <h2>Manifest, format version 2</h2>
 * <pre>
 * {
 *   "formatVersion" : 2,
 *   "minibatchSize" : 8,                   examples in the largest minibatch
 *   "minibatches" : 23, "examples" : 179,  totals over all shards
 *   "minibatch" : {                        what every minibatch shares; shapes without the batch dimension
 *     "featureShape" : [ 4 ], "labelShape" : [ 3 ],
 *     "featureMaskShape" : null, "labelMaskShape" : null,
 *     "featureType" : "FLOAT", "labelType" : "FLOAT",
 *     "featureMask" : false, "labelMask" : false },
 *   "shards" : [ { "file" : "shard-00000.rsb", "records" : 5, "examples" : 40,
 *                  "sha256" : "9f86d0...": the whole file's SHA-256, 64 lowercase hex digits }, ... ],
 *   "metadata" : { "vocabulary" : "hdfs://.../vocab.txt" }   free-form strings for jobs
 * }
 * </pre>
 * A reader rejects other format versions and unknown or inconsistent fields. Every reader of the shards checks each
 * file against its SHA-256 before using it (once per JVM and version of the file), so a shard changed or replaced on
 * shared storage after it was written (even a valid shard, CRCs and all) is a
 * {@link io.rationalspark.training.data.CorruptShardException} naming the file, never a silent load. Version 1
 * manifests, written before digests, are still read; their shards are checked by the CRCs only.
 *
 * <h2>Validation</h2>
 * The writer refuses minibatches without features or labels, with arrays that disagree on the number of examples,
 * with NaN or infinite values, or whose shapes (but for the batch dimension), masks or data types differ from
 * minibatch 0's. Readers check again what they read (the trainer relies on finite inputs), and
 * {@link io.rationalspark.training.data.CachedTrainingData} validates its input the same way.
 */
package io.rationalspark.training.data;
