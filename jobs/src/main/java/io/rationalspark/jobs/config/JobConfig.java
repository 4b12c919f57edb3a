package io.rationalspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.apache.spark.api.java.JavaSparkContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One job's configuration: immutable, typed, validated. Built from HOCON layers, highest first: {@code --set
 * key=value} overrides, the {@code --conf} file, the defaults file (the only place defaults live; every key is
 * documented there and in {@code conf/README.md}). Unknown keys, values of the wrong type and invalid values fail
 * with a {@link JobConfigException} naming the full key and the value.
 *
 * <p>{@link #render()} gives the resolved configuration as HOCON (every key, defaults included): jobs print it at
 * start and save it as the run directory's {@code config.conf}, which {@link #parse} reads back to an equal
 * config.
 *
 * <p>The sections: {@link #spark()}, {@link #data()}, {@link #model()}, {@link #trainer()}, {@link #output()},
 * {@link #study()}, {@link #bench()}.
 */
public final class JobConfig {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobConfig.class);

    /** Sections that may differ between runs that are otherwise the same (where it runs, where it writes). */
    private static final Set<String> PLACEMENT = Set.of("spark", "output");

    private final SparkConfig spark;
    private final DataConfig data;
    private final ModelConfig model;
    private final TrainerConfig trainer;
    private final OutputConfig output;
    private final StudyConfig study;
    private final BenchConfig bench;
    private final Config resolved;
    private final String source;

    private JobConfig(Config resolved, String source) {
        ConfigReader r = new ConfigReader(resolved);
        try {
            this.spark = SparkConfig.read(r);
            this.data = DataConfig.read(r);
            this.model = ModelConfig.read(r);
            this.trainer = TrainerConfig.read(r);
            this.output = OutputConfig.read(r);
            this.study = StudyConfig.read(r);
            this.bench = BenchConfig.read(r);
        } catch (JobConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        if (model.kind().modality() != data.name().modality()) {
            throw new JobConfigException("model.kind = " + model.kind().configName() + " does not fit data.name = "
                    + data.name().configName() + " (" + data.name().modality() + "); use model.kind = "
                    + ModelConfig.Kind.namesFor(data.name().modality()));
        }
        this.resolved = resolved;
        this.source = source;
    }

    // ---- loading -----------------------------------------------------------------------------------------------

    /** The defaults alone. */
    public static JobConfig defaults() {
        return build(ConfigFactory.empty(), "defaults");
    }

    /**
     * The config of a job: {@code overrides} ({@code key=value}, later ones win) over {@code confFile} over the
     * defaults.
     *
     * @param confFile a HOCON file (it may {@code include} others, relative to itself); null: none
     * @throws JobConfigException for a missing or unparsable file, a bad override, an unknown key, a wrong type or
     *                            an invalid value
     */
    public static JobConfig load(Path confFile, List<String> overrides) {
        Objects.requireNonNull(overrides, "overrides");
        Config file = ConfigFactory.empty();
        StringBuilder source = new StringBuilder();
        if (confFile != null) {
            if (!Files.isRegularFile(confFile)) {
                throw new JobConfigException("config file not found: " + confFile);
            }
            try {
                file = ConfigFactory.parseFile(confFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new JobConfigException("cannot read config file " + confFile + ": " + e.getMessage(), e);
            }
            source.append(confFile);
        } else {
            source.append("defaults");
        }
        for (String override : overrides) {
            source.append(" --set ").append(override);
        }
        return build(Overrides.parse(overrides).withFallback(file), source.toString());
    }

    /** {@code overrides} over the defaults. */
    public static JobConfig load(List<String> overrides) {
        return load(null, overrides);
    }

    /**
     * Reads HOCON text, such as a run directory's {@code config.conf}, over the defaults.
     *
     * @param origin where the text comes from, for messages
     */
    public static JobConfig parse(String hocon, String origin) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(origin));
        } catch (ConfigException e) {
            throw new JobConfigException("cannot read " + origin + ": " + e.getMessage(), e);
        }
        return build(parsed, origin);
    }

    /**
     * This config on the cluster of {@code sc}: {@code trainer.workers = auto} becomes the cluster's executor cores
     * ({@code defaultParallelism}: the SparkContext has waited for the executors to register, up to Spark's
     * {@code spark.scheduler.maxRegisteredResourcesWaitingTime}), logged; a config whose workers is a number is
     * returned as it is. Jobs call it first, so the config they print and save holds the number they used.
     */
    public JobConfig onCluster(JavaSparkContext sc) {
        if (trainer.workers().isPresent()) {
            return this;
        }
        int cores = settledParallelism(sc);
        LOG.info("trainer.workers = auto: {} workers, the executor cores of {} (defaultParallelism)", cores,
                sc.master());
        return withWorkers(cores);
    }

    /**
     * {@code defaultParallelism} once the executors have registered. On a cluster they register after the context
     * starts (a standalone scheduler does not wait for them by default), so this waits until at least one has and
     * the count has not changed for 5 s, at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime} (30 s).
     */
    private static int settledParallelism(JavaSparkContext sc) {
        if (sc.master().startsWith("local")) {
            return sc.defaultParallelism();
        }
        long deadline = System.nanoTime()
                + sc.getConf().getTimeAsMs("spark.scheduler.maxRegisteredResourcesWaitingTime", "30s") * 1_000_000L;
        int last = sc.defaultParallelism();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int now = sc.defaultParallelism();
            boolean anyExecutor = sc.sc().statusTracker().getExecutorInfos().length > 1;
            if (now != last || !anyExecutor) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since >= 5_000_000_000L) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return last;
    }

    /** This config with {@code trainer.workers = auto} resolved to {@code workers} (unchanged when it is a number). */
    public JobConfig withWorkers(int workers) {
        return trainer.workers().isPresent() ? this : with("trainer.workers=" + workers);
    }

    /** This config with {@code overrides} ({@code key=value}) on top, e.g. one run of a study. */
    public JobConfig with(String... overrides) {
        List<String> list = Arrays.asList(overrides);
        return build(Overrides.parse(list).withFallback(resolved), source + " --set " + String.join(" --set ", list));
    }

    private static JobConfig build(Config layers, String source) {
        Config resolved;
        try {
            resolved = layers.withFallback(ConfigSchema.get().defaults()).resolve();
        } catch (ConfigException e) {
            throw new JobConfigException(e.getMessage(), e);
        }
        ConfigSchema.get().checkKeys(resolved);
        return new JobConfig(resolved, source);
    }

    // ---- sections ----------------------------------------------------------------------------------------------

    public SparkConfig spark() {
        return spark;
    }

    public DataConfig data() {
        return data;
    }

    public ModelConfig model() {
        return model;
    }

    public TrainerConfig trainer() {
        return trainer;
    }

    public OutputConfig output() {
        return output;
    }

    public StudyConfig study() {
        return study;
    }

    public BenchConfig bench() {
        return bench;
    }

    /** Where this config came from: "conf/x.conf --set a=b", "defaults", or a run's config.conf. */
    public String source() {
        return source;
    }

    // ---- rendering and comparing -------------------------------------------------------------------------------

    /**
     * The resolved configuration as HOCON, every key included, in the order of the defaults file, one
     * {@code key = value} per line; {@link #parse} reads it back to an equal config.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        render(resolved.root(), "", "", out);
        return out.toString();
    }

    private static void render(ConfigObject object, String prefix, String indent, StringBuilder out) {
        List<String> keys = new ArrayList<>(object.keySet());
        keys.sort(Comparator.comparingInt((String k) -> ConfigSchema.get().order(prefix + k))
                .thenComparing(Comparator.naturalOrder()));
        for (String key : keys) {
            ConfigValue value = object.get(key);
            String name = ConfigUtil.joinPath(key);
            if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
                out.append(indent).append(name).append(" {\n");
                render((ConfigObject) value, prefix + key + ".", indent + "  ", out);
                out.append(indent).append("}\n");
            } else {
                out.append(indent).append(name).append(" = ").append(ConfigReader.inline(value)).append('\n');
            }
        }
    }

    /** The resolved configuration as JSON. */
    public String renderJson() {
        return resolved.root().render(ConfigRenderOptions.concise().setFormatted(true));
    }

    /**
     * Whether a run of {@code other} may be resumed under this config: everything but the {@code spark} and
     * {@code output} sections (where it runs and writes) is equal.
     */
    public boolean sameRunAs(JobConfig other) {
        return data.equals(other.data) && model.equals(other.model) && trainer.equals(other.trainer)
                && study.equals(other.study) && bench.equals(other.bench);
    }

    /** One key whose value differs between two configs. */
    public record Difference(String key, String thisValue, String otherValue) {
        @Override
        public String toString() {
            return key + " = " + thisValue + " vs " + otherValue;
        }
    }

    /** The keys, outside {@code spark} and {@code output}, whose values (as written) differ, sorted. */
    public List<Difference> differencesFrom(JobConfig other) {
        Map<String, String> mine = flatten(resolved);
        Map<String, String> theirs = flatten(other.resolved);
        Set<String> keys = new TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        List<Difference> result = new ArrayList<>();
        for (String key : keys) {
            String a = mine.getOrDefault(key, "(absent)");
            String b = theirs.getOrDefault(key, "(absent)");
            if (!a.equals(b) && !PLACEMENT.contains(key.substring(0, key.indexOf('.') < 0 ? key.length()
                    : key.indexOf('.')))) {
                result.add(new Difference(key, a, b));
            }
        }
        return result;
    }

    private static Map<String, String> flatten(Config config) {
        Map<String, String> into = new TreeMap<>();
        flatten(config.root(), "", into);
        return into;
    }

    private static void flatten(ConfigObject object, String prefix, Map<String, String> into) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix + ConfigUtil.joinPath(e.getKey());
            if (e.getValue().valueType() == ConfigValueType.OBJECT && !((ConfigObject) e.getValue()).isEmpty()) {
                flatten((ConfigObject) e.getValue(), path + ".", into);
            } else {
                into.put(path, ConfigReader.inline(e.getValue()));
            }
        }
    }

    @Override
    public String toString() {
        return render();
    }

    /** Equal when every section is equal (values compared as parsed: "Leaky_ReLU" equals "leakyrelu"). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JobConfig)) {
            return false;
        }
        JobConfig other = (JobConfig) o;
        return spark.equals(other.spark) && output.equals(other.output) && sameRunAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spark, data, model, trainer, output, study, bench);
    }
}
