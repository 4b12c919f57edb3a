package io.rationalspark.layers.cuda;

/** The floating-point types the kernels exist for: float (training) and double (checks). */
public enum ElementType {
    FLOAT(4, "f32"),
    DOUBLE(8, "f64");

    private final int bytes;
    private final String suffix;

    ElementType(int bytes, String suffix) {
        this.bytes = bytes;
        this.suffix = suffix;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The suffix of the PTX entry points for this type ({@code rational_forward_f32}, ...). */
    public String suffix() {
        return suffix;
    }
}
