package io.rationalspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed reads of a resolved, key-checked {@link Config}. A value of the wrong type fails with a
 * {@link JobConfigException} naming the key, the expected type, the value and where it came from:
 * {@code trainer.workers: expected an integer, got string 'two' (--set trainer.workers=two)}.
 * Types are strict where Typesafe Config is lenient: 2.5 is not an integer, and a duration needs a unit.
 */
final class ConfigReader {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise().setJson(false);

    private final Config config;

    ConfigReader(Config config) {
        this.config = config;
    }

    // ---- scalars -----------------------------------------------------------------------------------------------

    int integer(String path) {
        return toInt(path, required(path, "an integer"));
    }

    OptionalInt optionalInteger(String path) {
        ConfigValue v = valueOrNull(path);
        return v == null ? OptionalInt.empty() : OptionalInt.of(toInt(path, v));
    }

    /** An integer, or the word {@code auto} (empty). */
    OptionalInt integerOrAuto(String path) {
        ConfigValue v = required(path, "an integer or auto");
        if (v.valueType() == ConfigValueType.STRING && "auto".equals(((String) v.unwrapped()).trim())) {
            return OptionalInt.empty();
        }
        if (v.valueType() == ConfigValueType.STRING && !NUMBER.matcher(((String) v.unwrapped()).trim()).matches()) {
            throw typeError(path, "an integer or auto", v);
        }
        return OptionalInt.of(toInt(path, v));
    }

    long longInteger(String path) {
        return toLong(path, required(path, "an integer"), "an integer");
    }

    double number(String path) {
        return toNumber(path, required(path, "a number"), "a number").doubleValue();
    }

    Optional<Double> optionalNumber(String path) {
        ConfigValue v = valueOrNull(path);
        return v == null ? Optional.empty() : Optional.of(toNumber(path, v, "a number").doubleValue());
    }

    boolean bool(String path) {
        ConfigValue v = required(path, "a boolean (true or false)");
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            throw typeError(path, "a boolean (true or false)", v);
        }
    }

    String string(String path) {
        return toStringValue(path, required(path, "a string"));
    }

    Optional<String> optionalString(String path) {
        ConfigValue v = valueOrNull(path);
        return v == null ? Optional.empty() : Optional.of(toStringValue(path, v));
    }

    /** A duration with a unit (90s, 30m, 2h, 1d); a bare number is rejected rather than read as milliseconds. */
    Optional<Duration> optionalDuration(String path) {
        ConfigValue v = valueOrNull(path);
        if (v == null) {
            return Optional.empty();
        }
        String expected = "a duration with a unit, such as 90s, 30m or 2h";
        if (v.valueType() != ConfigValueType.STRING || NUMBER.matcher(((String) v.unwrapped()).trim()).matches()) {
            throw typeError(path, expected, v);
        }
        try {
            return Optional.of(config.getDuration(path));
        } catch (ConfigException.BadValue e) {
            throw typeError(path, expected, v);
        }
    }

    /**
     * One of the constants of {@code type}, written in lower case with '-' for '_' ({@code model-averaging});
     * case and '_' or '-' are ignored.
     */
    <E extends Enum<E>> E choice(String path, Class<E> type) {
        String text = string(path);
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (configName(constant).equals(key)) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(constants).map(ConfigReader::configName).collect(Collectors.toList());
        throw new JobConfigException(path + ": unknown value '" + text + "'; expected one of "
                + String.join(", ", names) + Suggestions.didYouMean(key, names) + where(valueOrNull(path)));
    }

    /** How a constant is written in configs: lower case, '-' for '_'. */
    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---- lists and maps ----------------------------------------------------------------------------------------

    List<Integer> integerList(String path) {
        return list(path, "a list of integers", (element) -> toInt(element.path, element.value));
    }

    List<Double> numberList(String path) {
        return list(path, "a list of numbers",
                (element) -> toNumber(element.path, element.value, "a number").doubleValue());
    }

    List<String> stringList(String path) {
        return list(path, "a list of strings", (element) -> toStringValue(element.path, element.value));
    }

    private <T> List<T> list(String path, String expected, Function<Element, T> read) {
        ConfigValue v = required(path, expected);
        if (v.valueType() != ConfigValueType.LIST) {
            throw typeError(path, expected, v);
        }
        ConfigList values = (ConfigList) v;
        List<T> result = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            ConfigValue element = values.get(i);
            String elementPath = path + "[" + i + "]";
            if (element.valueType() == ConfigValueType.NULL) {
                throw new JobConfigException(elementPath + " must not be null" + where(element));
            }
            result.add(read.apply(new Element(elementPath, element)));
        }
        return Collections.unmodifiableList(result);
    }

    private record Element(String path, ConfigValue value) {
    }

    /**
     * A free-form map of strings (such as Spark properties), sorted by key. Nested keys are joined with '.', so
     * {@code { spark.executor.memory = 4g }} and {@code { "spark.executor.memory" = 4g }} mean the same; null
     * values are left out.
     */
    Map<String, String> stringMap(String path) {
        ConfigValue v = required(path, "an object of keys and values");
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw typeError(path, "an object of keys and values", v);
        }
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : config.getConfig(path).entrySet()) {
            String key = String.join(".", ConfigUtil.splitPath(e.getKey()));
            result.put(key, toStringValue(path + "." + ConfigUtil.quoteString(key), e.getValue(),
                    "a string, number or boolean"));
        }
        return Collections.unmodifiableMap(result);
    }

    // ---- conversions -------------------------------------------------------------------------------------------

    private ConfigValue valueOrNull(String path) {
        if (!config.hasPathOrNull(path)) {
            throw new IllegalStateException("no key " + path + " in the resolved config (missing from defaults.conf?)");
        }
        return config.getIsNull(path) ? null : config.getValue(path);
    }

    private ConfigValue required(String path, String expected) {
        ConfigValue v = valueOrNull(path);
        if (v == null) {
            throw new JobConfigException(path + " must be set to " + expected + ", got null");
        }
        return v;
    }

    private static int toInt(String path, ConfigValue v) {
        long value = toLong(path, v, "an integer");
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw typeError(path, "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, v);
        }
        return (int) value;
    }

    private static long toLong(String path, ConfigValue v, String expected) {
        Number n = toNumber(path, v, expected);
        if (n instanceof Integer || n instanceof Long) {
            return n.longValue();
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) <= (1L << 53)) {
            return (long) d;
        }
        throw typeError(path, expected, v);
    }

    private static Number toNumber(String path, ConfigValue v, String expected) {
        if (v.valueType() == ConfigValueType.NUMBER) {
            return (Number) v.unwrapped();
        }
        if (v.valueType() == ConfigValueType.STRING) {
            String text = ((String) v.unwrapped()).trim();
            if (NUMBER.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException notALong) {
                    return Double.parseDouble(text);
                }
            }
        }
        throw typeError(path, expected, v);
    }

    private static String toStringValue(String path, ConfigValue v) {
        return toStringValue(path, v, "a string");
    }

    /** A string; a number or boolean is taken as written (Spark properties, a master such as 5). */
    private static String toStringValue(String path, ConfigValue v, String expected) {
        switch (v.valueType()) {
            case STRING:
                return (String) v.unwrapped();
            case NUMBER:
            case BOOLEAN:
                return v.render(CONCISE);
            default:
                throw typeError(path, expected, v);
        }
    }

    static JobConfigException typeError(String path, String expected, ConfigValue v) {
        return new JobConfigException(path + ": expected " + expected + ", got " + describe(v) + where(v));
    }

    /** A value as HOCON on one line; list elements separated by ", ". */
    static String inline(ConfigValue value) {
        if (value.valueType() == ConfigValueType.LIST) {
            return ((ConfigList) value).stream().map(ConfigReader::inline).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.render(CONCISE);
    }

    /** "string 'two'", "number 2.5", "list [1,2]", "object {a=1}", "null". */
    static String describe(ConfigValue v) {
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        switch (v.valueType()) {
            case STRING:
                return "string '" + v.unwrapped() + "'";
            case NUMBER:
                return "number " + v.render(CONCISE);
            case BOOLEAN:
                return "boolean " + v.unwrapped();
            case LIST:
                return "list " + inline(v);
            default:
                return "object " + v.render(CONCISE);
        }
    }

    /** " (conf/x.conf: 12)", " (--set k=v)", or "" for the defaults file. */
    static String where(ConfigValue v) {
        if (v == null) {
            return "";
        }
        ConfigOrigin origin = v.origin();
        if (origin == null || origin.description() == null || origin.resource() != null) {
            return "";
        }
        String description = origin.description();
        if (description.startsWith(Overrides.ORIGIN_PREFIX)) {
            description = description.replaceFirst(": \\d+$", "");
        }
        return " (" + description + ")";
    }
}
