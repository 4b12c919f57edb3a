package io.rationalspark.training;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one Spark context in local[2] per test class (UI off, bound to 127.0.0.1), injected
 * as a {@link JavaSparkContext} parameter and stopped after the class, whatever happened.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LocalSpark.class);

    public static SparkConf conf(String master, String appName) {
        return new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2")
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // one SparkContext per JVM: the cluster tests' shared context must end first
        io.rationalspark.training.cluster.StandaloneSparkCluster.releaseShared();
        JavaSparkContext sc = new JavaSparkContext(conf("local[2]", context.getRequiredTestClass().getSimpleName()));
        sc.setLogLevel("WARN");
        context.getStore(NS).put("sc", sc);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        JavaSparkContext sc = context.getStore(NS).remove("sc", JavaSparkContext.class);
        if (sc != null) {
            sc.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == JavaSparkContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(NS).get("sc", JavaSparkContext.class) != null
                ? extension.getRoot().getStore(NS).get("sc", JavaSparkContext.class)
                : extension.getStore(NS).get("sc", JavaSparkContext.class);
    }
}
