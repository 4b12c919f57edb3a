package io.rationalspark.training.checkpoint;

import org.apache.hadoop.util.VersionInfo;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of what wrote a checkpoint, read from the running libraries themselves (never hard-coded). */
final class LibraryVersions {

    static final String UNKNOWN = "unknown";

    private LibraryVersions() {
    }

    static Map<String, String> current() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("deeplearning4j", mavenVersion(MultiLayerNetwork.class, "org.deeplearning4j", "deeplearning4j-nn"));
        versions.put("nd4jBackend", nd4jBackend());
        versions.put("spark", sparkVersion());
        versions.put("hadoop", VersionInfo.getVersion());
        versions.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        return versions;
    }

    /** The version in the jar's Maven {@code pom.properties}, which shading keeps at its own path. */
    static String mavenVersion(Class<?> anchor, String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    private static String sparkVersion() {
        try {
            return org.apache.spark.package$.MODULE$.SPARK_VERSION();
        } catch (LinkageError e) { // Spark is provided: absent when a checkpoint is written outside a Spark JVM
            return UNKNOWN;
        }
    }

    private static String nd4jBackend() {
        try {
            return Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }
}
