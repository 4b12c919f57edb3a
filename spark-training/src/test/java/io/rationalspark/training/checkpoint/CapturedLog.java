package io.rationalspark.training.checkpoint;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures WARN and above logged under a class's logger (log4j2 is the SLF4J binding in tests). */
final class CapturedLog implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig loggerConfig;
    private final AbstractAppender appender;

    CapturedLog(Class<?> source) {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("captured-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        loggerConfig = context.getConfiguration().getLoggerConfig(source.getName());
        loggerConfig.addAppender(appender, Level.WARN, null);
        context.updateLoggers();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        loggerConfig.removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
