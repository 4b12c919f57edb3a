package io.rationalspark.jobs.config;

/**
 * A job cannot run with this configuration or command line: an unknown key, a value of the wrong type, an
 * invalid value, or a run directory that must not be reused. The message is one line that names the key and the
 * value; {@code JobCli} prints it and exits with code 2.
 */
public class JobConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public JobConfigException(String message) {
        super(message);
    }

    public JobConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
