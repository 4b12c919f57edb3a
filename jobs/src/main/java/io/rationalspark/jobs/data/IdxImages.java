package io.rationalspark.jobs.data;

/**
 * Images read from an IDX file: {@link #count()} images of {@link #rows()} × {@link #cols()} unsigned bytes, row
 * by row, of the {@link #declaredCount()} the file holds (fewer when the read was limited).
 */
public final class IdxImages {

    private final int declaredCount;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    IdxImages(int declaredCount, int rows, int cols, byte[] pixels) {
        if (pixels.length % (rows * cols) != 0) {
            throw new IllegalArgumentException(pixels.length + " pixels do not make whole " + rows + "x" + cols + " images");
        }
        this.declaredCount = declaredCount;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /** Images read. */
    public int count() {
        return pixels.length / (rows * cols);
    }

    /** Images the file's header declares (and the file holds: the reader checks its length). */
    public int declaredCount() {
        return declaredCount;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The pixel at ({@code row}, {@code col}) of image {@code image}, 0 … 255. */
    public int pixel(int image, int row, int col) {
        if (image < 0 || image >= count() || row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel (" + image + ", " + row + ", " + col + ") of " + count()
                    + " images of " + rows + "x" + cols);
        }
        return pixels[(image * rows + row) * cols + col] & 0xFF;
    }

    /** The raw bytes, image after image; shared, not copied: callers in this package only read it. */
    byte[] rawPixels() {
        return pixels;
    }
}
