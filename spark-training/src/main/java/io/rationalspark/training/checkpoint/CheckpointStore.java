package io.rationalspark.training.checkpoint;

import io.rationalspark.training.TrainerState;
import io.rationalspark.training.checkpoint.CheckpointManifest.FileDigest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checkpoints of a training run in one directory of any Hadoop file system ({@code file://}, {@code hdfs://},
 * {@code s3a://}, ...): the network with its updater state, the {@link TrainerState}, and metadata.
 *
 * <p>Layout of the directory:
 * <pre>
 * RATIONALSPARK_CHECKPOINTS        marker: this directory belongs to a CheckpointStore
 * checkpoint-000000012/            rounds completed, 9 digits or more
 *     model.zip                    ModelSerializer archive, updater state included
 *     state.json                   the TrainerState (running totals and the last rounds' statistics)
 *     outer-momentum.bin           the outer optimizer's momentum (ND4J binary), only when the state has one
 *     checkpoint.json              {@link CheckpointManifest}: format version, libraries, metadata, digests
 * _tmp-checkpoint-000000014-&lt;uuid&gt;/  a write in progress (or a crashed one: removed by the next save)
 * </pre>
 *
 * <p>Guarantees. A checkpoint is written into a temporary directory, {@code checkpoint.json} last, and renamed
 * into place only when complete; a failure removes the temporary directory and leaves earlier checkpoints as
 * they were. Only after a successful rename are the oldest checkpoints beyond {@code keepLast} deleted. The
 * loader trusts nothing it has not checked: every file's size and SHA-256 against {@code checkpoint.json}, the
 * format versions, the JSON, the archive; an invalid checkpoint is skipped with a WARN line naming it and the
 * reason. On object stores such as S3, where a directory rename is a copy, a crash can leave a partial
 * {@code checkpoint-*} directory; the loader skips it the same way.
 *
 * <p>Safety. The store deletes only directories it named ({@code checkpoint-<digits>},
 * {@code _tmp-checkpoint-*}) inside a directory carrying its marker. A non-empty directory without the marker
 * is refused with an {@link IllegalStateException} by every method. One writer per directory: two runs saving
 * into the same directory would remove each other's temporary directories.
 */
public final class CheckpointStore {

    /** Name of the marker file that makes a directory a checkpoint directory. */
    public static final String MARKER = "RATIONALSPARK_CHECKPOINTS";
    public static final String MODEL_FILE = "model.zip";
    public static final String STATE_FILE = "state.json";
    public static final String MANIFEST_FILE = "checkpoint.json";
    public static final String OUTER_MOMENTUM_FILE = "outer-momentum.bin";

    private static final String PREFIX = "checkpoint-";
    private static final String TEMP_PREFIX = "_tmp-checkpoint-";
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{9,18})");
    private static final String MARKER_TEXT = "This directory holds RationalSpark checkpoints (CheckpointStore).\n"
            + "Directories named checkpoint-<round> and _tmp-checkpoint-* in it are created and deleted by it.\n";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path directory;
    private final FileSystem fs;
    private final int keepLast;

    /**
     * @param dirUri   the checkpoint directory; without a scheme it is resolved against {@code fs.defaultFS}.
     *                 Created on the first save.
     * @param conf     Hadoop configuration for the file system (credentials, HDFS addresses)
     * @param keepLast how many checkpoints to keep, at least 1; the oldest are deleted after each save
     * @throws UncheckedIOException when the file system cannot be opened
     */
    public CheckpointStore(String dirUri, Configuration conf, int keepLast) {
        Objects.requireNonNull(dirUri, "dirUri");
        Objects.requireNonNull(conf, "conf");
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, got " + keepLast);
        }
        Path path = new Path(dirUri);
        try {
            this.fs = path.getFileSystem(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of checkpoint directory " + dirUri, e);
        }
        this.directory = fs.makeQualified(path);
        this.keepLast = keepLast;
    }

    /** The fully qualified checkpoint directory. */
    public Path directory() {
        return directory;
    }

    public int keepLast() {
        return keepLast;
    }

    /**
     * Writes {@code checkpoint-<state.nextRound()>} (replacing one of the same round), then deletes the oldest
     * checkpoints beyond {@code keepLast}; the one just written is never deleted. Leftover temporary
     * directories of crashed writes are removed first.
     *
     * @param model    a MultiLayerNetwork or ComputationGraph; written with its updater state
     * @param state    where training stands; {@code nextRound()} names the checkpoint
     * @param metadata the caller's strings, e.g. the resolved configuration (null: none); no null keys or values
     * @return the checkpoint written
     * @throws IllegalStateException when the directory is not empty and has no marker
     * @throws IOException           when writing fails; earlier checkpoints are then left as they were
     */
    public CheckpointInfo save(Model model, TrainerState state, Map<String, String> metadata) throws IOException {
        ModelKind kind = ModelKind.of(model);
        Objects.requireNonNull(state, "state");
        if (state.formatVersion() != TrainerState.FORMAT_VERSION) {
            throw new IllegalArgumentException("TrainerState has format version " + state.formatVersion()
                    + ", this build writes version " + TrainerState.FORMAT_VERSION);
        }
        Map<String, String> meta = metadata == null ? Map.of() : new TreeMap<>(Map.copyOf(metadata));
        claim();
        removeTemporaries();

        long round = state.nextRound();
        CheckpointInfo info = new CheckpointInfo(round, new Path(directory, name(round)));
        Path temp = new Path(directory, TEMP_PREFIX + String.format("%09d", round) + "-" + UUID.randomUUID());
        boolean renamed = false;
        try {
            if (!fs.mkdirs(temp)) {
                throw new IOException("cannot create " + temp);
            }
            Map<String, FileDigest> files = new TreeMap<>();
            files.put(MODEL_FILE, writeModel(model, new Path(temp, MODEL_FILE)));
            files.put(STATE_FILE, writeBytes(new Path(temp, STATE_FILE), CheckpointJson.write(state)));
            if (state.outerMomentum() != null) {
                files.put(OUTER_MOMENTUM_FILE, writeArray(state.outerMomentum(), new Path(temp, OUTER_MOMENTUM_FILE)));
            }
            CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT_VERSION,
                    Instant.now().toString(), round, kind, LibraryVersions.current(), meta, files);
            writeBytes(new Path(temp, MANIFEST_FILE), CheckpointJson.write(manifest));
            if (fs.exists(info.path())) {
                LOG.warn("Replacing checkpoint {} of the same round", info.path());
                deleteOurs(info.path());
            }
            if (!fs.rename(temp, info.path())) {
                throw new IOException("cannot rename " + temp + " to " + info.path());
            }
            renamed = true;
        } finally {
            if (!renamed) {
                deleteQuietly(temp);
            }
        }
        LOG.info("Wrote checkpoint {}", info.path());
        prune(info);
        return info;
    }

    /**
     * The checkpoint directories, oldest first, valid or not; temporary directories and other entries are not
     * listed. Empty when the directory does not exist or is empty.
     *
     * @throws IllegalStateException when the directory is not empty and has no marker
     */
    public List<CheckpointInfo> list() throws IOException {
        if (!hasContent()) {
            return List.of();
        }
        List<CheckpointInfo> found = new ArrayList<>();
        for (FileStatus entry : fs.listStatus(directory)) {
            Matcher matcher = NAME.matcher(entry.getPath().getName());
            if (entry.isDirectory() && matcher.matches()) {
                found.add(new CheckpointInfo(Long.parseLong(matcher.group(1)), entry.getPath()));
            }
        }
        found.sort(Comparator.comparingLong(CheckpointInfo::round));
        return found;
    }

    /**
     * The newest checkpoint that loads and verifies, trying newest to oldest; each invalid one is logged at WARN
     * with its path and the reason, and listed in {@link Checkpoint#skipped()}. Empty when there is none.
     *
     * @throws IllegalStateException when the directory is not empty and has no marker
     * @throws IOException           when the directory cannot be listed or a local temporary file not written
     */
    public Optional<Checkpoint> loadLatestValid() throws IOException {
        List<CheckpointInfo> all = list();
        List<SkippedCheckpoint> skipped = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            CheckpointInfo info = all.get(i);
            try {
                Checkpoint checkpoint = read(info, skipped);
                if (!skipped.isEmpty()) {
                    LOG.warn("Loaded checkpoint {} after skipping {} newer invalid one(s)", info.path(),
                            skipped.size());
                }
                return Optional.of(checkpoint);
            } catch (InvalidCheckpointException e) {
                LOG.warn("Skipping invalid checkpoint {}: {}", info.path(), e.reason());
                skipped.add(new SkippedCheckpoint(info, e.reason()));
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("No valid checkpoint in {}: all {} are invalid", directory, skipped.size());
        }
        return Optional.empty();
    }

    /**
     * Loads and verifies one checkpoint.
     *
     * @throws InvalidCheckpointException when it is incomplete, corrupt or of an unknown format version
     */
    public Checkpoint load(CheckpointInfo info) throws IOException {
        return read(info, List.of());
    }

    // ---- writing ----

    private void claim() throws IOException {
        Path marker = new Path(directory, MARKER);
        if (fs.exists(directory)) {
            requireDirectory();
            if (fs.exists(marker)) {
                return;
            }
            FileStatus[] entries = fs.listStatus(directory);
            if (entries.length > 0) {
                throw notOurs(entries);
            }
        } else if (!fs.mkdirs(directory)) {
            throw new IOException("cannot create checkpoint directory " + directory);
        }
        try (OutputStream out = fs.create(marker, false)) {
            out.write(MARKER_TEXT.getBytes(StandardCharsets.UTF_8));
        } catch (FileAlreadyExistsException e) {
            return; // claimed concurrently: ours all the same
        }
        LOG.info("Claimed {} as a checkpoint directory", directory);
    }

    private FileDigest writeModel(Model model, Path file) throws IOException {
        DigestingOutputStream out = new DigestingOutputStream(fs.create(file, false));
        try (out) {
            ModelSerializer.writeModel(model, out, true);
        }
        return out.digest();
    }

    private FileDigest writeArray(INDArray array, Path file) throws IOException {
        DigestingOutputStream out = new DigestingOutputStream(fs.create(file, false));
        try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16))) {
            Nd4j.write(array, data);
        }
        return out.digest();
    }

    private FileDigest writeBytes(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            out.write(bytes);
        }
        return new FileDigest(bytes.length, HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    /** Deletes all but the newest {@code keepLast - 1} checkpoints other than {@code written}, oldest first. */
    private void prune(CheckpointInfo written) throws IOException {
        List<CheckpointInfo> others = list().stream().filter(c -> c.round() != written.round())
                .collect(Collectors.toList());
        for (int i = 0; i < others.size() - (keepLast - 1); i++) {
            deleteOurs(others.get(i).path());
            LOG.info("Deleted old checkpoint {} (keepLast = {})", others.get(i).path(), keepLast);
        }
        List<Long> newer = others.stream().map(CheckpointInfo::round).filter(r -> r > written.round())
                .collect(Collectors.toList());
        if (!newer.isEmpty()) {
            LOG.warn("Checkpoints of later rounds {} remain beside {}; loadLatestValid prefers them when valid",
                    newer, written.path());
        }
    }

    private void removeTemporaries() throws IOException {
        for (FileStatus entry : fs.listStatus(directory)) {
            if (entry.isDirectory() && entry.getPath().getName().startsWith(TEMP_PREFIX)) {
                LOG.warn("Removing {} left by an interrupted checkpoint write", entry.getPath());
                deleteOurs(entry.getPath());
            }
        }
    }

    /** Deletes a checkpoint or temporary directory of this store, and refuses anything else. */
    private void deleteOurs(Path path) throws IOException {
        String name = path.getName();
        boolean ours = directory.equals(path.getParent())
                && (NAME.matcher(name).matches() || name.startsWith(TEMP_PREFIX));
        if (!ours) {
            throw new IllegalStateException("refusing to delete " + path + ": not a checkpoint of " + directory);
        }
        if (!fs.delete(path, true) && fs.exists(path)) {
            throw new IOException("cannot delete " + path);
        }
    }

    private void deleteQuietly(Path temp) {
        try {
            if (fs.exists(temp)) {
                deleteOurs(temp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove temporary checkpoint directory {}: {}", temp, e.toString());
        }
    }

    // ---- reading ----

    /** Whether the directory holds anything of ours; fails when it holds something else. */
    private boolean hasContent() throws IOException {
        if (!fs.exists(directory)) {
            return false;
        }
        requireDirectory();
        if (fs.exists(new Path(directory, MARKER))) {
            return true;
        }
        FileStatus[] entries = fs.listStatus(directory);
        if (entries.length > 0) {
            throw notOurs(entries);
        }
        return false;
    }

    private Checkpoint read(CheckpointInfo info, List<SkippedCheckpoint> skipped) throws IOException {
        CheckpointManifest manifest = parse(info, readFile(info, MANIFEST_FILE), CheckpointManifest.class,
                MANIFEST_FILE, CheckpointManifest.FORMAT_VERSION);
        if (manifest.round() != info.round()) {
            throw new InvalidCheckpointException(info, MANIFEST_FILE + " records round " + manifest.round()
                    + ", the directory name says " + info.round(), null);
        }
        if (manifest.modelType() == null || manifest.files() == null) {
            throw new InvalidCheckpointException(info, MANIFEST_FILE + " has no modelType or no files", null);
        }
        byte[] stateJson = readFile(info, STATE_FILE);
        verify(info, STATE_FILE, recorded(info, manifest, STATE_FILE),
                new FileDigest(stateJson.length, HexFormat.of().formatHex(sha256().digest(stateJson))));
        TrainerState state;
        try {
            state = TrainerStateUpgrade.read(stateJson, STATE_FILE);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(info, e.getMessage(), e);
        }
        if (state.nextRound() != info.round()) {
            throw new InvalidCheckpointException(info, STATE_FILE + " has nextRound " + state.nextRound()
                    + ", the directory name says " + info.round(), null);
        }
        if (manifest.files().containsKey(OUTER_MOMENTUM_FILE)) {
            state = state.withOuterMomentum(readArray(info, OUTER_MOMENTUM_FILE,
                    recorded(info, manifest, OUTER_MOMENTUM_FILE)));
        }
        Model model = readModel(info, manifest.modelType(), recorded(info, manifest, MODEL_FILE));
        if (state.outerMomentum() != null && state.outerMomentum().length() != model.numParams()) {
            throw new InvalidCheckpointException(info, OUTER_MOMENTUM_FILE + " has " + state.outerMomentum().length()
                    + " entries, the model " + model.numParams() + " parameters", null);
        }
        return new Checkpoint(info, model, state, manifest, skipped);
    }

    private static FileDigest recorded(CheckpointInfo info, CheckpointManifest manifest, String name)
            throws InvalidCheckpointException {
        FileDigest digest = manifest.files().get(name);
        if (digest == null || digest.sha256() == null) {
            throw new InvalidCheckpointException(info, MANIFEST_FILE + " records no digest of " + name, null);
        }
        return digest;
    }

    private static <T> T parse(CheckpointInfo info, byte[] json, Class<T> type, String name, int version)
            throws InvalidCheckpointException {
        try {
            return CheckpointJson.read(json, type, name, version);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckpointException(info, e.getMessage(), e);
        }
    }

    private byte[] readFile(CheckpointInfo info, String name) throws InvalidCheckpointException {
        try (FSDataInputStream in = fs.open(new Path(info.path(), name))) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) {
            throw new InvalidCheckpointException(info, name + " is missing", e);
        } catch (IOException e) {
            throw new InvalidCheckpointException(info, name + " is unreadable: " + e, e);
        }
    }

    /** Reads an ND4J binary array file after checking its size and digest. */
    private INDArray readArray(CheckpointInfo info, String name, FileDigest expected) throws IOException {
        byte[] bytes = readFile(info, name);
        verify(info, name, expected, new FileDigest(bytes.length, HexFormat.of().formatHex(sha256().digest(bytes))));
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return Nd4j.read(in);
        } catch (IOException | RuntimeException e) {
            throw new InvalidCheckpointException(info, name + ": not an ND4J array: " + e, e);
        }
    }

    /** Copies model.zip to a local file while digesting it, checks the digest, then restores the network. */
    private Model readModel(CheckpointInfo info, ModelKind kind, FileDigest expected) throws IOException {
        java.nio.file.Path local = Files.createTempFile("rationalspark-checkpoint-", ".zip");
        try {
            FileDigest actual;
            try (InputStream in = fs.open(new Path(info.path(), MODEL_FILE));
                 DigestingOutputStream copy = new DigestingOutputStream(Files.newOutputStream(local))) {
                in.transferTo(copy);
                actual = copy.digest();
            } catch (FileNotFoundException e) {
                throw new InvalidCheckpointException(info, MODEL_FILE + " is missing", e);
            } catch (IOException e) {
                throw new InvalidCheckpointException(info, MODEL_FILE + " is unreadable: " + e, e);
            }
            verify(info, MODEL_FILE, expected, actual);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(local))) {
                return kind.restore(in);
            } catch (IOException | RuntimeException e) {
                throw new InvalidCheckpointException(info, MODEL_FILE + ": DL4J cannot restore the "
                        + kind + ": " + e, e);
            }
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static void verify(CheckpointInfo info, String name, FileDigest expected, FileDigest actual)
            throws InvalidCheckpointException {
        if (expected.bytes() != actual.bytes()) {
            throw new InvalidCheckpointException(info, name + " has " + actual.bytes() + " bytes, "
                    + MANIFEST_FILE + " records " + expected.bytes() + " (truncated or rewritten)", null);
        }
        if (!expected.sha256().equalsIgnoreCase(actual.sha256())) {
            throw new InvalidCheckpointException(info, name + ": SHA-256 " + actual.sha256()
                    + " does not match the recorded " + expected.sha256(), null);
        }
    }

    // ---- helpers ----

    private void requireDirectory() throws IOException {
        if (!fs.getFileStatus(directory).isDirectory()) {
            throw new IllegalStateException(directory + " is a file, not a checkpoint directory");
        }
    }

    private IllegalStateException notOurs(FileStatus[] entries) {
        String examples = Arrays.stream(entries).limit(3).map(e -> "'" + e.getPath().getName() + "'")
                .collect(Collectors.joining(", "));
        return new IllegalStateException(directory + " is not a RationalSpark checkpoint directory (no marker file "
                + MARKER + ", but " + entries.length + " entries such as " + examples
                + "); refusing to write or delete there");
    }

    static String name(long round) {
        return PREFIX + String.format("%09d", round);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Passes bytes through while counting and digesting them. */
    private static final class DigestingOutputStream extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long bytes;

        DigestingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        FileDigest digest() {
            return new FileDigest(bytes, HexFormat.of().formatHex(digest.digest()));
        }
    }
}
