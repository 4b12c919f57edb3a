package io.rationalspark.layers.rational.kernel;

import java.util.Locale;

/**
 * How the {@link FusedCpuRationalKernel} computes on FLOAT arrays.
 *
 * <ul>
 *   <li>{@link #VECTOR}: float arithmetic with explicit SIMD through the JDK's Vector API ({@link VectorFloatTile}).
 *       Java 17 ships that API as the incubator module {@value #MODULE}, which a JVM loads only when started with
 *       {@code --add-modules jdk.incubator.vector} (our Maven build, scripts and Spark defaults pass it).</li>
 *   <li>{@link #SCALAR}: the loops of {@link RationalTile}, in double, which the JIT vectorises where it can; the
 *       float elements are converted on the way in and out. The fallback when the module is absent.</li>
 * </ul>
 * DOUBLE arrays always take the scalar double path (they are for gradient checks, not speed).
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code auto} (the default: {@code vector} when the module is
 * loaded, else {@code scalar}), {@code vector} (fails, naming the flag, when the module is absent) or {@code scalar}.
 */
public enum SimdMode {
    VECTOR,
    SCALAR;

    /** System property choosing the mode: {@code auto}, {@code vector} or {@code scalar}. */
    public static final String PROPERTY = "rationalspark.kernel.simd";
    /** The JDK module of the Vector API. */
    public static final String MODULE = "jdk.incubator.vector";

    /** Whether this JVM was started with the Vector API module. */
    public static boolean vectorApiLoaded() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** The mode {@value #PROPERTY} asks for, resolved against this JVM. */
    public static SimdMode configured() {
        String value = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "auto":
                return vectorApiLoaded() ? VECTOR : SCALAR;
            case "scalar":
                return SCALAR;
            case "vector":
                requireVectorApi();
                return VECTOR;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be auto, vector or scalar, got '" + value + "'");
        }
    }

    /** Throws, naming the JVM flag, unless the Vector API module is loaded. */
    static void requireVectorApi() {
        if (!vectorApiLoaded()) {
            throw new IllegalStateException("the rational kernel's vector mode needs the JDK module " + MODULE
                    + ", which this JVM did not load: start it with --add-modules " + MODULE
                    + " (or set " + PROPERTY + "=scalar)");
        }
    }

    /** A fresh tile of this mode for FLOAT arrays. */
    FusedTile floatTile(int capacity) {
        if (this == VECTOR) {
            requireVectorApi();
            return new VectorFloatTile(capacity);
        }
        return new RationalTile(capacity);
    }

    /** A short description for logs and benchmark tables, e.g. "vector (8 float lanes)". */
    public String describe() {
        return this == VECTOR ? "vector (" + VectorFloatTile.lanes() + " float lanes)" : "scalar (double)";
    }
}
