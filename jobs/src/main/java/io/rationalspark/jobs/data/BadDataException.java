package io.rationalspark.jobs.data;

import java.io.IOException;

/**
 * A raw data file that cannot be what it should be (missing, truncated, a bad header, labels out of range, not the
 * expected format): an error in the input, whose message names the file and what is wrong with it. Job mains report
 * it as a user error (one line, exit status 2).
 */
public class BadDataException extends IOException {

    private static final long serialVersionUID = 1L;

    public BadDataException(String message) {
        super(message);
    }

    public BadDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
