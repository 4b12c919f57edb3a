package io.rationalspark.jobs.run;

import io.rationalspark.jobs.config.ConfigDocs;
import io.rationalspark.jobs.config.JobConfig;
import io.rationalspark.jobs.config.JobConfigException;

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
 */
public final class JobCli {

    /** Exit code for bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;

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
    public record Arguments(boolean help, Optional<Path> conf, List<String> overrides) {
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
                    throw new JobConfigException("unknown argument '" + arg + "'; expected --conf FILE, --set KEY=VALUE"
                            + " or --help");
            }
        }
        return new Arguments(help, Optional.ofNullable(conf), overrides);
    }

    private static String value(String[] args, int i, String option, String what) {
        if (i >= args.length) {
            throw new JobConfigException(option + " expects " + what + " after it");
        }
        return args[i];
    }

    /** The usage text: options, then every config key with its default and description. */
    public String usage() {
        return "Usage: " + jobName + " [--conf FILE] [--set KEY=VALUE]... [--help]\n"
                + summary + "\n\n"
                + "Options:\n"
                + "  --conf FILE       HOCON config file (it may include others); keys it leaves out keep their\n"
                + "                    defaults\n"
                + "  --set KEY=VALUE   set one key over the file (repeatable, the last wins); VALUE is HOCON:\n"
                + "                    5, 1e-3, true, 30m, [relu, tanh], null, \"a string\"\n"
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

    /** "job: message (see --help)" on one line. */
    public String errorLine(RuntimeException e) {
        return jobName + ": " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + " (see --help)";
    }
}
