package io.rationalspark.jobs.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class RationalDemoTest {

    @Test
    void demoLearnsTheSpiralsAndPrintsTheLearnedActivation() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RationalDemo.Result result = RationalDemo.run(25, 42, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(result.accuracy() >= 0.9, "spiral test accuracy " + result.accuracy() + "\n" + printed);
        assertTrue(printed.contains("Learned activation of layer rational-1"), printed);
        double change = 0;
        for (int i = 0; i < result.initial().numerator().length; i++) {
            change += Math.abs(result.initial().numerator()[i] - result.learned().numerator()[i]);
        }
        assertTrue(change > 1e-3, "the learned activation should differ from its initial fit");
    }
}
