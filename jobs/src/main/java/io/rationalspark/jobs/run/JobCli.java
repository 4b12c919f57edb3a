package io.rationalspark.jobs.run;

import io.rationalspark.jobs.config.ConfigDocs;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;
import io.rationalspark.jobs.data.BadDataException;
import io.rationalspark.layers.cuda.CudaUnavailableException;
import io.rationalspark.training.checkpoint.InvalidCheckpointException;
import io.rationalspark.training.data.CorruptShardException;
import io.rationalspark.training.data.InsufficientDataException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line every job main shares: {@code [--conf FILE] [--set KEY=VALUE]... [--help]}.
 *
 * <pre>{@code
 * public static void main(String[] args) throws IOException {
 *     JobConfig config = new JobCli("train", "Trains one network on Spark.").configOrExit(args);
 *     run(config);
 * }
 * }</pre>
 * {@code --help} prints the usage and every config key with its default and description, and exits 0. A bad
 * argument, an unknown key or an invalid value prints one line, {@code train: <message> (see --help)}, to
 * standard error and exits {@value #EXIT_USAGE}.
 *
 * <p>{@link #main(String[], Body)} runs the whole job that way: a user error while the job runs (see
 * {@link #userError}: the config, paths, a finished run directory, missing or corrupt data or checkpoints, an
 * unreachable master, no usable GPU) also ends with one line, {@code train: <message>}, and exit status
 * {@value #EXIT_USAGE}, without a stack trace unless {@code --debug} is given; anything else is an internal error:
 * its stack trace and exit status {@value #EXIT_INTERNAL}.
 */
public final class JobCli {

    /** Exit code for bad arguments or configuration, and for every other user error. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for an internal error (a bug, or a failure that is not the input's). */
    public static final int EXIT_INTERNAL = 1;

    /** What a job main does with its config. */
    @FunctionalInterface
    public interface Body {
        void run(JobConfig config) throws Exception;
    }

    private final String jobName;
    private final String summary;

    /**
     * @param jobName the job's name, shown in usage and errors (and the default Spark app name)
     * @param summary one sentence on what the job does
     */
    public JobCli(String jobName, String summary) {
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    /** The parsed command line. */
    public record Arguments(boolean help, boolean debug, Optional<Path> conf, List<String> overrides) {
        public Arguments {
            Objects.requireNonNull(conf, "conf");
            overrides = List.copyOf(overrides);
        }
    }

    /** The end of a command line that does not run the job: exit with {@link #code()}. */
    public static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        Exit(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * Parses {@code --help} / {@code -h}, {@code --conf FILE} (once) and {@code --set KEY=VALUE} (repeatable); both
     * options also take the {@code --opt=value} form.
     *
     * @throws JobConfigException for anything else, a missing value, or a second --conf
     */
    public static Arguments parseArguments(String... args) {
        boolean help = false;
        boolean debug = false;
        Path conf = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = option.equals(arg) ? null : arg.substring(option.length() + 1);
            switch (option) {
                case "--help":
                case "-h":
                    help = true;
                    break;
                case "--debug":
                    debug = true;
                    break;
                case "--conf":
                    if (conf != null) {
                        throw new JobConfigException("--conf given twice (" + conf + " and "
                                + (inline != null ? inline : i + 1 < args.length ? args[i + 1] : "?")
                                + "); put one file's settings in the other with include \"file.conf\"");
                    }
                    String file = inline != null ? inline : value(args, ++i, "--conf", "a config file");
                    if (file.isBlank()) {
                        throw new JobConfigException("--conf expects a config file, got ''");
                    }
                    conf = Path.of(file);
                    break;
                case "--set":
                    String override = inline != null ? inline : value(args, ++i, "--set", "key=value");
                    if (override.indexOf('=') <= 0) {
                        throw new JobConfigException("--set expects key=value, got '" + override + "'");
                    }
                    overrides.add(override);
                    break;
                default:
                    throw new JobConfigException("unknown argument '" + arg + "'; expected --conf FILE, --set KEY=VALUE,"
                            + " --debug or --help");
            }
        }
        return new Arguments(help, debug, Optional.ofNullable(conf), overrides);
    }

    private static String value(String[] args, int i, String option, String what) {
        if (i >= args.length) {
            throw new JobConfigException(option + " expects " + what + " after it");
        }
        return args[i];
    }

    /** The usage text: options, then every config key with its default and description. */
    public String usage() {
        return "Usage: " + jobName + " [--conf FILE] [--set KEY=VALUE]... [--debug] [--help]\n"
                + summary + "\n\n"
                + "Options:\n"
                + "  --conf FILE       HOCON config file (it may include others); keys it leaves out keep their\n"
                + "                    defaults\n"
                + "  --set KEY=VALUE   set one key over the file (repeatable, the last wins); VALUE is HOCON:\n"
                + "                    5, 1e-3, true, 30m, [relu, tanh], null, \"a string\"\n"
                + "  --debug           on an error in the input (config, paths, data, checkpoints, master), also\n"
                + "                    print its stack trace\n"
                + "  --help            print this help and exit\n\n"
                + "Config keys, with defaults (conf/README.md has the same table):\n"
                + ConfigDocs.usage();
    }

    /**
     * The config of this command line, for tests and mains that manage their own exit.
     *
     * @throws Exit with code 0 after printing the usage to {@code out} (--help), or with code {@value #EXIT_USAGE}
     *              after printing one line to {@code err} (bad arguments or config)
     */
    public JobConfig config(String[] args, PrintStream out, PrintStream err) {
        try {
            Arguments arguments = parseArguments(args);
            if (arguments.help()) {
                out.print(usage());
                out.flush();
                throw new Exit(0, "help");
            }
            return JobConfig.load(arguments.conf().orElse(null), arguments.overrides());
        } catch (JobConfigException e) {
            String line = errorLine(e);
            err.println(line);
            err.flush();
            throw new Exit(EXIT_USAGE, line);
        }
    }

    /** The config of this command line; exits the JVM after --help (0) or a bad argument or config (2). */
    public JobConfig configOrExit(String[] args) {
        try {
            return config(args, System.out, System.err);
        } catch (Exit e) {
            System.exit(e.code());
            throw e;
        }
    }

    /**
     * Runs the job: its config from {@code args}, then {@code body}. Returns the exit status: 0, {@value #EXIT_USAGE}
     * after one line on {@code err} for a bad command line or config or any other user error (with {@code --debug},
     * followed by the stack trace), {@value #EXIT_INTERNAL} after the stack trace of anything else.
     */
    public int run(String[] args, PrintStream out, PrintStream err, Body body) {
        JobConfig config;
        try {
            config = config(args, out, err);
        } catch (Exit e) {
            return e.code();
        }
        boolean debug = isDebug(args);
        try {
            body.run(config);
            return 0;
        } catch (Throwable t) {
            Optional<Throwable> user = userError(t);
            if (user.isPresent()) {
                err.println(jobName + ": " + oneLine(user.get().getMessage())
                        + (debug ? "" : " (--debug shows the stack trace)"));
                if (debug) {
                    t.printStackTrace(err);
                }
                err.flush();
                return EXIT_USAGE;
            }
            if (t instanceof Error && !(t instanceof AssertionError) && !(t instanceof OutOfMemoryError)) {
                throw (Error) t;
            }
            err.println(jobName + ": internal error: " + t);
            t.printStackTrace(err);
            err.flush();
            return EXIT_INTERNAL;
        }
    }

    /** {@link #run} with the process's streams; exits the JVM with its status unless it is 0. */
    public void main(String[] args, Body body) {
        int status = run(args, System.out, System.err, body);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The user error behind {@code t}, if any: the first of its causes (itself included) that is a
     * {@link JobConfigException} (config, paths, run directories, master), a {@link BadDataException} (raw data), a
     * {@link CorruptShardException} (shards), an {@link InvalidCheckpointException}, a
     * {@link CudaUnavailableException} or an {@link InsufficientDataException} (fewer minibatches than workers).
     * Spark passes an exception thrown in a
     * task on as the cause of the job's failure, so data errors found on executors are found too.
     */
    public static Optional<Throwable> userError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof JobConfigException || c instanceof BadDataException || c instanceof CorruptShardException
                    || c instanceof InvalidCheckpointException || c instanceof CudaUnavailableException
                    || c instanceof InsufficientDataException) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static boolean isDebug(String[] args) {
        try {
            return parseArguments(args).debug();
        } catch (JobConfigException e) {
            return false;
        }
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ");
    }

    /** "job: message (see --help)" on one line. */
    public String errorLine(RuntimeException e) {
        return jobName + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + " (see --help)";
    }
}
