package io.rationalspark.jobs.config;

import org.apache.spark.SparkConf;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Section {@code spark}: where Spark runs. The master and the application name that spark-submit gives (its
 * {@code --master}, {@code --name}, or a {@code spark.master} in its properties file) always win: a preset's
 * {@code spark.master} is only the fallback for a job started without spark-submit (a test, an IDE, {@code java
 * -cp}), so the same preset runs on whatever cluster it is submitted to. The {@code conf} entries go over
 * spark-submit's.
 *
 * @param master  {@code spark.master}: a master URL such as {@code local[2]}, used when the environment gives none
 * @param appName {@code spark.appName}, used when the environment gives none; else the job's name
 * @param conf    {@code spark.conf}: extra Spark properties, each key starting with "spark."
 */
public record SparkConfig(Optional<String> master, Optional<String> appName, Map<String, String> conf) {

    public SparkConfig {
        Objects.requireNonNull(master, "spark.master");
        Objects.requireNonNull(appName, "spark.appName");
        master.ifPresent(m -> requireNotBlank("spark.master", m));
        appName.ifPresent(a -> requireNotBlank("spark.appName", a));
        conf = Map.copyOf(Objects.requireNonNull(conf, "spark.conf"));
        for (Map.Entry<String, String> e : new TreeMap<>(conf).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("spark.")) {
                throw new IllegalArgumentException("spark.conf: property '" + key + "' does not start with 'spark.'"
                        + " (write the full Spark property, e.g. \"spark.executor.memory\" = 4g)");
            }
            if (key.equals("spark.master") || key.equals("spark.app.name")) {
                throw new IllegalArgumentException("spark.conf: set '" + key + "' with "
                        + (key.equals("spark.master") ? "spark.master" : "spark.appName") + " instead");
            }
        }
    }

    private static void requireNotBlank(String key, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be blank, got '" + value
                    + "' (use null to leave it unset)");
        }
    }

    static SparkConfig read(ConfigReader r) {
        return new SparkConfig(r.optionalString("spark.master"), r.optionalString("spark.appName"),
                r.stringMap("spark.conf"));
    }

    /**
     * A SparkConf for {@code jobName}: what spark-submit provided (the {@code spark.*} system properties), then
     * this section on top.
     *
     * @throws JobConfigException when neither this section nor the environment names a master
     */
    public SparkConf toSparkConf(String jobName) {
        SparkConf conf = applyTo(new SparkConf(), jobName);
        requireReachable(conf.get("spark.master"));
        return conf;
    }

    /**
     * Fails fast, naming the master, when a standalone master URL ({@code spark://host:port[,host:port...]}) has no
     * master listening at any of its addresses (Spark itself would retry for a minute and then fail with
     * "All masters are unresponsive"). Other masters (local, yarn, k8s) are left to Spark.
     *
     * @throws JobConfigException when no address of the URL accepts a connection within 5 s
     */
    static void requireReachable(String master) {
        if (!master.startsWith("spark://")) {
            return;
        }
        StringBuilder failures = new StringBuilder();
        for (String address : master.substring("spark://".length()).split(",")) {
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? address : address.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new JobConfigException("spark.master: '" + master + "' has no valid port in '" + address + "'");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 5000);
                return;
            } catch (java.io.IOException e) {
                failures.append(failures.length() == 0 ? "" : "; ").append(host).append(':').append(port).append(": ")
                        .append(e.getMessage());
            }
        }
        throw new JobConfigException("cannot reach the Spark master " + master + " (" + failures + "): is it running"
                + " and is the address right? (a local cluster: scripts/local-cluster.sh status)");
    }

    /**
     * Puts this section on {@code base} (the environment's settings): {@code conf} entries over the environment's;
     * the master and the app name only where the environment gives none (the app name falls back to
     * {@code jobName} when neither names one).
     *
     * @return {@code base}
     * @throws JobConfigException when no master is set in either
     */
    public SparkConf applyTo(SparkConf base, String jobName) {
        conf.forEach(base::set);
        if (!base.contains("spark.master")) {
            master.ifPresent(base::setMaster);
        }
        if (!base.contains("spark.master")) {
            throw new JobConfigException("spark.master is not set and the environment gives no master: run through"
                    + " spark-submit --master URL, or set it, e.g. --set spark.master=local[2]");
        }
        if (!base.contains("spark.app.name")) {
            base.setAppName(appName.orElse(jobName));
        }
        return base;
    }
}
