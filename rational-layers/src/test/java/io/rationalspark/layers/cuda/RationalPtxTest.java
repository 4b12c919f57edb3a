package io.rationalspark.layers.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PTX resource: present, for sm_75 / PTX ISA 6.3, declares every entry point the Java code launches, is the
 * committed file, and (where clang-14 is installed) is exactly what scripts/build-ptx.sh builds from rational.cu.
 */
class RationalPtxTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path COMMITTED = MODULE.resolve("src/main/resources/io/rationalspark/layers/cuda/rational.ptx");

    @Test
    void resourceTargetsSm75WithPtx63() {
        String ptx = RationalPtx.text();
        assertEquals("sm_75", RationalPtx.TARGET);
        assertEquals("6.3", RationalPtx.ISA_VERSION);
        assertTrue(ptx.contains("\n.version " + RationalPtx.ISA_VERSION + "\n"), "PTX ISA version 6.3 expected");
        assertTrue(ptx.contains("\n.target " + RationalPtx.TARGET + "\n"), "target sm_75 expected");
        assertTrue(ptx.contains("\n.address_size 64\n"), "64-bit addresses expected");
    }

    @Test
    void declaresEveryLaunchedEntryPoint() {
        Set<String> declared = RationalPtx.entryPoints(RationalPtx.text());
        for (String entry : RationalPtx.launchedEntryPoints()) {
            assertTrue(declared.contains(entry), "PTX lacks entry point " + entry + "; it declares " + declared);
        }
        assertEquals(List.of("rational_forward_f32", "rational_forward_f64", "rational_forward_mixed_f32",
                "rational_forward_mixed_f64", "rational_backward_f32", "rational_backward_f64", "relu_forward_f32",
                "relu_backward_f32"), List.copyOf(declared));
    }

    @Test
    void entryPointParserReadsOnlyEntries() {
        String ptx = ".version 6.3\n.target sm_75\n.visible .entry a_1(\n.param .u64 p\n)\n"
                + ".func helper(\n)\n// .visible .entry commented(\n.visible .entry b(\n";
        assertEquals(Set.of("a_1", "b"), RationalPtx.entryPoints(ptx));
    }

    @Test
    void classPathResourceIsTheCommittedFile() throws IOException {
        assertArrayEquals(Files.readAllBytes(COMMITTED), RationalPtx.bytes(),
                "the PTX on the class path differs from " + COMMITTED + " (rebuild the module)");
    }

    @Test
    void committedPtxIsTheBuildOfTheSource() throws Exception {
        Path script = MODULE.resolveSibling("scripts").resolve("build-ptx.sh");
        assumeTrue(Files.isExecutable(script), "scripts/build-ptx.sh not found next to the module");
        String missing = "clang-14 is not installed (apt-get install -y clang-14)";
        assertTrue(onPath("clang-14") || !"true".equalsIgnoreCase(System.getenv("CI")),
                missing + ", but CI=true and .ci/run installs it");
        assumeTrue(onPath("clang-14"), missing + ": cannot rebuild the PTX");
        Process p = new ProcessBuilder(script.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "build-ptx.sh --check timed out");
        assertEquals(0, p.exitValue(), "build-ptx.sh --check failed:\n" + output);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
