package io.granary.launcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line words: {@code --name value} options and the positional words between them. */
final class Arguments {
    private final Map<String, String> options;
    private final List<String> positional;
    private final Set<String> used = new HashSet<>();

    private Arguments(Map<String, String> options, List<String> positional) {
        this.options = options;
        this.positional = positional;
    }

    static Arguments parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.startsWith("--")) {
                String name = word.substring(2);
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    options.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    options.put(name, args[++i]);
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
            } else {
                positional.add(word);
            }
        }
        return new Arguments(options, positional);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String option(String name, String fallback) {
        used.add(name);
        return options.getOrDefault(name, fallback);
    }

    List<String> positional() {
        return positional;
    }

    /** Fails on an option nobody asked for, so a typo is not silently ignored. */
    void refuseOthers() {
        for (String name : options.keySet()) {
            if (!used.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
    }

    /** The command line was wrong; the message says how. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
