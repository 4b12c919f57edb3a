package io.rationalspark.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.util.List;

/**
 * {@code --set key=value} overrides as a config layer. The value is read as a HOCON value, so numbers, booleans,
 * {@code null}, lists ({@code [relu, tanh]}), objects and substitutions ({@code ${data.train}}) work. A value that
 * HOCON would cut or reject as an unquoted string ({@code local[2]}, {@code hdfs://nn:8020/x},
 * {@code leakyrelu:0.01}) is taken verbatim as a string; a value starting with '[', '{' or '"' must be valid
 * HOCON. Later overrides of the same key win.
 */
final class Overrides {

    /** Every override's origin description starts with this, so messages can point at it. */
    static final String ORIGIN_PREFIX = "--set ";

    private Overrides() {
    }

    static Config parse(List<String> overrides) {
        Config result = ConfigFactory.empty("--set overrides");
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new JobConfigException("--set expects key=value, got '" + override + "'");
            }
            String key = override.substring(0, eq).trim();
            try {
                ConfigUtil.splitPath(key);
            } catch (ConfigException.BadPath e) {
                throw new JobConfigException("--set " + override + ": '" + key + "' is not a valid key", e);
            }
            result = result.withValue(key, value(override.substring(eq + 1), ORIGIN_PREFIX + override));
        }
        return result;
    }

    private static ConfigValue value(String raw, String origin) {
        String text = raw.trim();
        boolean structured = text.startsWith("[") || text.startsWith("{") || text.startsWith("\"");
        ConfigParseOptions options = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(origin);
        ConfigValue parsed;
        try {
            parsed = ConfigFactory.parseString("value = " + text, options).root().get("value");
        } catch (ConfigException e) {
            if (structured) {
                throw new JobConfigException(origin + ": not a valid HOCON value: " + e.getMessage(), e);
            }
            return ConfigValueFactory.fromAnyRef(text, origin);
        }
        ConfigValueType type;
        try {
            type = parsed.valueType();
        } catch (ConfigException.NotResolved substitution) {
            return parsed;
        }
        if (structured || type != ConfigValueType.STRING || text.equals(parsed.unwrapped())) {
            return parsed;
        }
        // HOCON cut the text (a "//" or "#" comment inside a URI): keep it whole.
        return ConfigValueFactory.fromAnyRef(text, origin);
    }
}
