package io.rationalspark.layers.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA kernels' source, run on the CPU under a host emulation of the CUDA primitives
 * (scripts/test-cuda-emulation.sh), matches the formulas for every form, sharing mode and several layouts and degrees.
 * Needs clang++-14; skips without it (CI installs it).
 */
class CudaEmulationTest {

    @Test
    void kernelsMatchTheFormulasUnderHostEmulation() throws Exception {
        Path script = Path.of("").toAbsolutePath().resolveSibling("scripts").resolve("test-cuda-emulation.sh");
        assumeTrue(Files.isExecutable(script), "scripts/test-cuda-emulation.sh not found next to the module");
        boolean clang = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            clang |= Files.isExecutable(Path.of(dir, "clang++-14"));
        }
        String missing = "clang++-14 is not installed (apt-get install -y clang-14)";
        assertTrue(clang || !"true".equalsIgnoreCase(System.getenv("CI")),
                missing + ", but CI=true and .ci/run installs it");
        assumeTrue(clang, missing + ": kernel emulation skipped");
        Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "test-cuda-emulation.sh timed out");
        assertEquals(0, p.exitValue(), "kernel emulation failed:\n" + output);
        assertTrue(output.contains("all cases ok"), output);
    }
}
