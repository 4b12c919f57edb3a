package io.rationalspark.jobs.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** conf/README.md documents every key, generated from defaults.conf. */
class ConfigDocsTest {

    /** Surefire runs in the module directory; the README is in the repository root's conf/. */
    private static final Path README = Path.of("..", "conf", "README.md");

    @Test
    void readmeListsEveryKeyWithItsDefaultAndDescription() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (ConfigSchema.Entry e : ConfigSchema.get().entries()) {
            if (!e.section()) {
                assertTrue(readme.contains("| `" + e.path() + "` | `" + e.renderedDefault().replace("|", "\\|")
                        + "` | "), e.path() + " is missing from conf/README.md");
            }
        }
    }

    @Test
    void readmeIsUpToDate() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String generated = ConfigDocs.updateReadme(readme);
        if (Boolean.getBoolean("confdocs.write") && !generated.equals(readme)) {
            Files.writeString(README, generated, StandardCharsets.UTF_8);
            readme = generated;
        }
        assertEquals(generated, readme, "conf/README.md is out of date: rerun this test with -Dconfdocs.write=true,"
                + " or run io.rationalspark.jobs.config.ConfigDocs conf/README.md");
    }

    @Test
    void usageShowsEveryKeyWithItsDefault() {
        String usage = ConfigDocs.usage();
        assertTrue(usage.contains("    trainer.averagingPeriod = 5\n        Averaging period k:"), usage);
        assertTrue(usage.contains("    model.mlp.hidden = [256, 128]\n"), usage);
        for (String key : ConfigSchema.get().keys()) {
            assertTrue(usage.contains("    " + key + " = "), key);
        }
    }
}
