package io.rationalspark.layers.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX of our kernels, a resource of this module built from {@code rational-layers/src/main/cuda/rational.cu}
 * by {@code scripts/build-ptx.sh}, and the names of the entry points the Java code launches.
 */
public final class RationalPtx {

    /** Class-path location of the PTX. */
    public static final String RESOURCE = "/io/rationalspark/layers/cuda/rational.ptx";

    /** Compute capability the PTX targets, major part: GPUs below {@value #TARGET} cannot run it. */
    public static final int TARGET_MAJOR = 7;
    /** Compute capability the PTX targets, minor part. */
    public static final int TARGET_MINOR = 5;
    /** The PTX's {@code .target}. */
    public static final String TARGET = "sm_" + TARGET_MAJOR + TARGET_MINOR;
    /** The PTX's ISA {@code .version}; drivers since CUDA 10 load it. */
    public static final String ISA_VERSION = "6.3";

    public static final String RELU_FORWARD = "relu_forward_f32";
    public static final String RELU_BACKWARD = "relu_backward_f32";

    private static final Pattern ENTRY = Pattern.compile("^\\.visible\\s+\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(",
            Pattern.MULTILINE);

    private RationalPtx() {
    }

    /** The forward kernel's entry point for {@code type} (decomposed by set). */
    public static String forward(ElementType type) {
        return "rational_forward_" + type.suffix();
    }

    /** The forward kernel for short runs (grid-stride, per-element set lookup). */
    public static String forwardMixed(ElementType type) {
        return "rational_forward_mixed_" + type.suffix();
    }

    /** The backward kernel's entry point for {@code type}. */
    public static String backward(ElementType type) {
        return "rational_backward_" + type.suffix();
    }

    /** Every entry point the Java code launches. */
    public static List<String> launchedEntryPoints() {
        return List.of(forward(ElementType.FLOAT), forward(ElementType.DOUBLE), forwardMixed(ElementType.FLOAT),
                forwardMixed(ElementType.DOUBLE), backward(ElementType.FLOAT), backward(ElementType.DOUBLE),
                RELU_FORWARD, RELU_BACKWARD);
    }

    /** The PTX text. */
    public static String text() {
        return new String(bytes(), StandardCharsets.US_ASCII);
    }

    /** The PTX as bytes (without a terminating NUL). */
    public static byte[] bytes() {
        try (InputStream in = RationalPtx.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + RESOURCE + " is missing from the class path"
                        + " (build it with scripts/build-ptx.sh)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PTX resource " + RESOURCE, e);
        }
    }

    /** The PTX as the driver wants it: NUL-terminated. */
    static byte[] nulTerminated() {
        byte[] ptx = bytes();
        return Arrays.copyOf(ptx, ptx.length + 1);
    }

    /** The names of the {@code .entry} functions a PTX text declares, in order. */
    public static Set<String> entryPoints(String ptx) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
