package io.granary.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one fio job measured in one direction: operations and bytes per second over the job's
 * runtime (after its ramp time) and the completion latency's median and 99th percentile.
 */
record FioFigures(double iops, double bytesPerSecond, double p50Millis, double p99Millis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    double megabytesPerSecond() {
        return bytesPerSecond / 1e6;
    }

    /**
     * Reads the figures of fio's first job from its {@code --output-format=json} output: {@code iops},
     * {@code bw_bytes} and {@code clat_ns.percentile} 50 and 99 of {@code read} or {@code write}.
     * Text before the JSON object (fio's warnings) is skipped.
     *
     * @throws IllegalArgumentException if the text holds no such figures, or fio reported an error
     */
    static FioFigures parse(String output, boolean reads) {
        int start = output.indexOf('{');
        if (start < 0) {
            throw new IllegalArgumentException("no JSON in fio's output: " + abbreviate(output));
        }
        JsonNode root;
        try {
            root = JSON.readTree(output.substring(start));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fio's output is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode job = root.path("jobs").path(0);
        if (job.isMissingNode()) {
            throw new IllegalArgumentException("fio's output names no job: " + abbreviate(output));
        }
        if (job.path("error").asInt(0) != 0) {
            throw new IllegalArgumentException("fio's job failed with error " + job.path("error").asInt());
        }
        String direction = reads ? "read" : "write";
        JsonNode side = job.path(direction);
        JsonNode percentiles = side.path("clat_ns").path("percentile");
        double iops = number(side.path("iops"), direction + ".iops");
        double bytes = number(side.path("bw_bytes"), direction + ".bw_bytes");
        double p50 = number(percentiles.path("50.000000"), direction + ".clat_ns.percentile.50");
        double p99 = number(percentiles.path("99.000000"), direction + ".clat_ns.percentile.99");
        return new FioFigures(iops, bytes, p50 / 1e6, p99 / 1e6);
    }

    private static double number(JsonNode node, String name) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("fio's output has no number at " + name);
        }
        return node.asDouble();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
