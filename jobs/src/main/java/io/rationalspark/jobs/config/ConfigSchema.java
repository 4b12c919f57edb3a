package io.rationalspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys there are: the tree of the defaults file ({@value #RESOURCE} beside this class). Objects in it are
 * sections, everything else (including null and lists) is a key; {@link #FREE_MAPS} are keys whose value is an
 * object of arbitrary keys. Every entry's one-line description is the comment above it in the file.
 */
final class ConfigSchema {

    static final String RESOURCE = "defaults.conf";

    /** Keys whose value is an object of free-form keys (not checked). */
    static final Set<String> FREE_MAPS = Set.of("spark.conf");

    private static final ConfigSchema INSTANCE = new ConfigSchema(ConfigFactory.parseResources(ConfigSchema.class,
            RESOURCE, ConfigParseOptions.defaults().setAllowMissing(false)).resolve());

    /** One entry of the schema, in file order. */
    record Entry(String path, boolean section, ConfigValue defaultValue, String description) {

        /** The default as HOCON on one line ({@code [256,128]}, {@code null}, {@code "leakyrelu:0.01"}). */
        String renderedDefault() {
            return ConfigReader.inline(defaultValue);
        }
    }

    private final Config defaults;
    private final Map<String, Entry> entries;
    private final Map<String, Integer> positions = new HashMap<>();

    private ConfigSchema(Config defaults) {
        this.defaults = defaults;
        Map<String, Entry> collected = new LinkedHashMap<>();
        collect(defaults.root(), "", collected);
        this.entries = Collections.unmodifiableMap(collected);
        for (String path : collected.keySet()) {
            positions.put(path, positions.size());
        }
    }

    static ConfigSchema get() {
        return INSTANCE;
    }

    /** The parsed defaults file. */
    Config defaults() {
        return defaults;
    }

    /** Sections and keys in file order. */
    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** The position of {@code path} in the defaults file; paths not in it come after all that are. */
    int order(String path) {
        Integer position = positions.get(path);
        return position == null ? Integer.MAX_VALUE : position;
    }

    /** Full paths of the keys (not the sections), in file order. */
    List<String> keys() {
        return entries.values().stream().filter(e -> !e.section()).map(Entry::path).collect(Collectors.toList());
    }

    private static void collect(ConfigObject object, String prefix, Map<String, Entry> into) {
        List<Map.Entry<String, ConfigValue>> children = new ArrayList<>(object.entrySet());
        children.sort(Comparator.comparingInt(e -> e.getValue().origin().lineNumber()));
        for (Map.Entry<String, ConfigValue> child : children) {
            String path = prefix + child.getKey();
            ConfigValue value = child.getValue();
            boolean section = value.valueType() == ConfigValueType.OBJECT && !FREE_MAPS.contains(path);
            String description = value.origin().comments().stream().map(String::trim)
                    .collect(Collectors.joining(" "));
            into.put(path, new Entry(path, section, value, description));
            if (section) {
                collect((ConfigObject) value, path + ".", into);
            }
        }
    }

    /**
     * Rejects keys of {@code config} that are not in the schema, each named by its full path with a suggestion
     * and where it was set, and sections given a non-object value.
     *
     * @throws JobConfigException listing every problem, separated by "; "
     */
    void checkKeys(Config config) {
        List<String> problems = new ArrayList<>();
        check(config.root(), "", problems);
        if (!problems.isEmpty()) {
            throw new JobConfigException(String.join("; ", problems));
        }
    }

    private void check(ConfigObject object, String prefix, List<String> problems) {
        for (String key : new TreeSet<>(object.keySet())) {
            ConfigValue value = object.get(key);
            String path = prefix + segment(key);
            Entry entry = entries.get(path);
            if (entry == null) {
                unknown(value, path, problems);
            } else if (entry.section()) {
                if (value.valueType() == ConfigValueType.OBJECT) {
                    check((ConfigObject) value, path + ".", problems);
                } else {
                    problems.add(path + ": is a section of keys (" + childrenOf(path) + "), got "
                            + ConfigReader.describe(value) + ConfigReader.where(value));
                }
            }
        }
    }

    /** Reports each leaf under an unknown key (an unknown section is reported key by key). */
    private void unknown(ConfigValue value, String path, List<String> problems) {
        if (value.valueType() == ConfigValueType.OBJECT && !((ConfigObject) value).isEmpty()) {
            ConfigObject object = (ConfigObject) value;
            for (String key : new TreeSet<>(object.keySet())) {
                unknown(object.get(key), path + "." + segment(key), problems);
            }
            return;
        }
        problems.add("unknown key '" + path + "'" + Suggestions.didYouMean(path, entries.keySet())
                + ConfigReader.where(value));
    }

    /** A key as a path segment: quoted when it holds a '.', so {@code "trainer.workers" = 3} is not trainer.workers. */
    private static String segment(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
    }

    private String childrenOf(String section) {
        return entries.keySet().stream()
                .filter(p -> p.startsWith(section + ".") && p.indexOf('.', section.length() + 1) < 0)
                .collect(Collectors.joining(", "));
    }
}
