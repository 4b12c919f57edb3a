package io.rationalspark.jobs.run;

import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A job's run directory ({@code output.dir}) on any Hadoop file system.
 *
 * <p>Life of a run: {@link #open} writes {@value #CONFIG_FILE} (the resolved config) before anything else; the job
 * writes its outputs with {@link #writeText}/{@link #writeBytes} (and its checkpoints under {@link #uri(String)});
 * {@link #finish()} writes the {@value #FINISHED_MARKER} marker last. Every file is written to a temporary name
 * ({@value #TEMP_PREFIX}…, which Hadoop input formats skip) and then renamed, so readers never see half a file.
 *
 * <p>Rules of {@link #open}:
 * <ul>
 *   <li>a missing or empty directory starts a new run;</li>
 *   <li>a finished run is never reused: refused, naming the directory;</li>
 *   <li>an unfinished run of the same config (all but the {@code spark} and {@code output} sections equal) is
 *       resumed: {@link #resumed()} is true and the trainer continues from its checkpoints;</li>
 *   <li>an unfinished run of a different config is refused, naming both configs and the keys that differ;</li>
 *   <li>a non-empty directory without {@value #CONFIG_FILE} is not a run directory: refused.</li>
 * </ul>
 * Refusals are {@link JobConfigException}s whose message tells the user to choose another {@code output.dir}.
 * One job per directory: two jobs opening the same directory at once are not detected.
 */
public final class RunDirectory {

    /** The resolved config of the run, written first. */
    public static final String CONFIG_FILE = "config.conf";
    /** Written last, when the run has finished. */
    public static final String FINISHED_MARKER = "_FINISHED";
    static final String TEMP_PREFIX = "_tmp-";

    private final FileSystem fs;
    private final Path dir;
    private final boolean resumed;
    private boolean finished;

    private RunDirectory(FileSystem fs, Path dir, boolean resumed) {
        this.fs = fs;
        this.dir = dir;
        this.resumed = resumed;
    }

    /**
     * Opens {@code config.output().dir()} for a run of {@code config}: a new run, or the resumption of an
     * unfinished run of the same config (see the class comment).
     *
     * @throws JobConfigException when output.dir is unset or the directory must not be used
     * @throws IOException        when the file system fails
     */
    public static RunDirectory open(JobConfig config, Configuration hadoop) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(hadoop, "hadoop");
        Path path = new Path(config.output().requireDir());
        FileSystem fs = path.getFileSystem(hadoop);
        Path dir = fs.makeQualified(path);
        if (fs.exists(dir)) {
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw refuse(dir, "is a file, not a directory");
            }
            if (fs.exists(new Path(dir, FINISHED_MARKER))) {
                throw refuse(dir, "holds a finished run (" + FINISHED_MARKER + " is there), which is never"
                        + " overwritten");
            }
            Path saved = new Path(dir, CONFIG_FILE);
            if (fs.exists(saved)) {
                JobConfig previous = readSaved(fs, dir, saved);
                if (!config.sameRunAs(previous)) {
                    throw new JobConfigException("output.dir " + dir + " holds an unfinished run of a different"
                            + " config: " + saved + " and the current config (" + config.source() + ") differ in "
                            + describe(config.differencesFrom(previous)) + "; rerun with the settings of " + saved
                            + " to resume that run, or choose another output.dir");
                }
                return new RunDirectory(fs, dir, true);
            }
            List<String> entries = new ArrayList<>();
            for (FileStatus s : fs.listStatus(dir)) {
                if (!s.getPath().getName().startsWith(TEMP_PREFIX)) {
                    entries.add(s.getPath().getName());
                }
            }
            if (!entries.isEmpty()) {
                throw refuse(dir, "is not empty and holds no run (no " + CONFIG_FILE + "; it has "
                        + entries.stream().sorted().limit(5).collect(Collectors.joining(", "))
                        + (entries.size() > 5 ? ", …" : "") + ")");
            }
        } else if (!fs.mkdirs(dir)) {
            throw new IOException("cannot create run directory " + dir);
        }
        RunDirectory run = new RunDirectory(fs, dir, false);
        run.write(CONFIG_FILE, ("# RationalSpark job configuration, resolved (defaults included), written "
                + Instant.now() + ".\n# Source: " + config.source().replace('\n', ' ') + "\n"
                + config.render()).getBytes(StandardCharsets.UTF_8));
        return run;
    }

    private static JobConfig readSaved(FileSystem fs, Path dir, Path saved) throws IOException {
        try {
            return JobConfig.parse(readText(fs, saved), saved.toString());
        } catch (JobConfigException e) {
            throw refuse(dir, "holds an unfinished run whose " + CONFIG_FILE + " cannot be read (" + e.getMessage()
                    + ")");
        }
    }

    private static String describe(List<JobConfig.Difference> differences) {
        if (differences.isEmpty()) {
            return "values that parse differently";
        }
        String listed = differences.stream().limit(5)
                .map(d -> d.key() + " (saved " + d.otherValue() + ", now " + d.thisValue() + ")")
                .collect(Collectors.joining(", "));
        return differences.size() > 5 ? listed + " and " + (differences.size() - 5) + " more keys" : listed;
    }

    private static JobConfigException refuse(Path dir, String why) {
        return new JobConfigException("output.dir " + dir + " " + why + "; choose another output.dir");
    }

    /** Whether {@code dirUri} holds a finished run (e.g. to skip the finished runs of a study). */
    public static boolean isFinished(String dirUri, Configuration hadoop) throws IOException {
        Path path = new Path(dirUri);
        FileSystem fs = path.getFileSystem(hadoop);
        return fs.exists(new Path(fs.makeQualified(path), FINISHED_MARKER));
    }

    // ---- the directory -----------------------------------------------------------------------------------------

    /** The fully qualified run directory. */
    public Path path() {
        return dir;
    }

    /** The qualified path of {@code name} (relative, '/'-separated) inside the run directory. */
    public Path resolve(String name) {
        checkName(name);
        return new Path(dir, name);
    }

    /** The qualified URI of {@code name} inside the run directory, e.g. for a {@code CheckpointStore}. */
    public String uri(String name) {
        return resolve(name).toString();
    }

    /** True when {@link #open} found an unfinished run of the same config: the trainer resumes from checkpoints. */
    public boolean resumed() {
        return resumed;
    }

    public boolean finished() {
        return finished;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    /** Writes {@code content} as UTF-8 to {@code name} (replacing it) through a temporary file and a rename. */
    public void writeText(String name, String content) throws IOException {
        writeBytes(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} to {@code name} (replacing it) through a temporary file and a rename. */
    public void writeBytes(String name, byte[] content) throws IOException {
        checkName(name);
        if (name.equals(CONFIG_FILE) || name.equals(FINISHED_MARKER)) {
            throw new IllegalArgumentException(name + " is written by the run directory itself");
        }
        write(name, content);
    }

    /** Reads {@code name} as UTF-8. */
    public String readText(String name) throws IOException {
        return readText(fs, resolve(name));
    }

    /**
     * Marks the run finished: writes {@value #FINISHED_MARKER}, the run directory's last file. Later writes fail.
     */
    public void finish() throws IOException {
        write(FINISHED_MARKER, ("finished " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
        finished = true;
    }

    private void write(String name, byte[] content) throws IOException {
        if (finished) {
            throw new IllegalStateException("run directory " + dir + " is finished; cannot write " + name);
        }
        Path target = new Path(dir, name);
        Path temp = new Path(target.getParent(), TEMP_PREFIX + target.getName() + "-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(temp, false)) {
            out.write(content);
        }
        if (fs.exists(target)) {
            if (fs.getFileStatus(target).isDirectory() || !fs.delete(target, false)) {
                fs.delete(temp, false);
                throw new IOException("cannot replace " + target);
            }
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            throw new IOException("cannot rename " + temp + " to " + target);
        }
    }

    private static String readText(FileSystem fs, Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            throw new IllegalArgumentException("not a relative name inside the run directory: '" + name + "'");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.startsWith(TEMP_PREFIX)) {
                throw new IllegalArgumentException("not a valid name inside the run directory: '" + name + "'");
            }
        }
    }

    @Override
    public String toString() {
        return dir + (finished ? " (finished)" : resumed ? " (resumed)" : "");
    }
}
