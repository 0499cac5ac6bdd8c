package io.granary.storage.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends everything the tier's servers say to {@code DIR/logs/storage.log}, keeping standard
 * output for the ready and stopped lines that the parent process reads. The servers log through
 * SLF4J to reload4j (what hbase-testing-util brings); a few of them also print to
 * {@code System.out} or {@code System.err}, so both are redirected into the log as well.
 */
final class StorageLogging {
    /** The file name under {@code DIR/logs}. */
    static final String LOG_FILE = "storage.log";
    /** Our own reload4j configuration, named so that no log4j.properties in a test jar wins. */
    private static final String CONFIGURATION = "granary-storage-log4j.properties";

    private StorageLogging() {
    }

    /**
     * Configures logging; must run before any server class logs anything.
     *
     * @return the standard output and error streams as they were, for the tier's own lines
     */
    static Console install(Path dataDirectory) throws IOException {
        Path logs = Files.createDirectories(dataDirectory.resolve("logs"));
        System.setProperty("granary.storage.log", logs.resolve(LOG_FILE).toString());
        System.setProperty("log4j.configuration", CONFIGURATION);
        Console console = new Console(System.out, System.err);
        System.setOut(new PrintStream(new LineLogger(LoggerFactory.getLogger("stdout"), false), true,
                StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineLogger(LoggerFactory.getLogger("stderr"), true), true,
                StandardCharsets.UTF_8));
        return console;
    }

    /** The process's real standard streams. */
    record Console(PrintStream out, PrintStream error) {
        void announce(String line) {
            out.println(line);
            out.flush();
        }
    }

    /** An output stream that logs each line written to it. */
    private static final class LineLogger extends OutputStream {
        private final Logger logger;
        private final boolean warn;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(Logger logger, boolean warn) {
            this.logger = logger;
            this.warn = warn;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            // PrintStream flushes after every println; only whole lines are logged.
        }

        private void flushLine() {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (warn) {
                logger.warn(text);
            } else {
                logger.info(text);
            }
        }
    }
}
