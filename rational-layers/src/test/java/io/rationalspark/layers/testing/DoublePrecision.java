package io.rationalspark.layers.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * JUnit 5 extension: ND4J's default data types are DOUBLE for the test class (gradient checks need it) and
 * restored afterwards, so other test classes in the same JVM see what they expect.
 */
public final class DoublePrecision implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DoublePrecision.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("previous", new DataType[]{Nd4j.dataType(), Nd4j.defaultFloatingPointType()});
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        DataType[] previous = context.getStore(NS).remove("previous", DataType[].class);
        Nd4j.setDefaultDataTypes(previous[0], previous[1]);
    }
}
