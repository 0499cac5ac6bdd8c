package io.granary.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code granary} command of this build as {@code scripts/granary} runs it (the same JVM
 * options and classpath), without the script's build-if-needed step.
 */
final class GranaryCommand {
    private GranaryCommand() {
    }

    static List<String> of(String... args) throws IOException {
        Path home = SharedStorageTier.granaryHome();
        Path target = home.resolve("launcher").resolve("target");
        Path classes = target.resolve("classes");
        String classpath = classes + File.pathSeparator + Files.readString(target.resolve("classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + classes.resolve("services-jvm.options"), "-Dgranary.home=" + home, "-cp", classpath,
                "io.granary.launcher.Main"));
        command.addAll(List.of(args));
        return command;
    }
}
