package io.granary.launcher.transfer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream: {@code label [#####     ]  45% 12.0/26.7 MiB},
 * redrawn in place whenever the percentage changes, ended with a newline by {@link #done()}.
 * Thread-safe: the parts of one upload, sent at once, report to one bar.
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private long done;
    private int shown = -1;

    public Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    public synchronized void advance(long bytes) {
        done += bytes;
        int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
        if (percent != shown) {
            shown = percent;
            int filled = percent * WIDTH / 100;
            out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %.1f/%.1f MiB", label, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), percent, done / 1048576.0, total / 1048576.0);
            out.flush();
        }
    }

    public synchronized void done() {
        if (shown < 100) {
            advance(0);
        }
        out.println();
    }
}
