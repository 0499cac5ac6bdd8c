package io.granary.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.granary.s3.GatewaySettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GranaryConfigDomainTest {
    @Test
    void virtualHostDomainsAreOffByDefaultAndCommaSeparated() {
        assertEquals(List.of(), GranaryConfig.load(null).s3Domains());
        assertEquals(List.of(), GranaryConfig.load(Path.of("..", "conf")).s3Domains(), "the shipped file keeps path style only");
        GranaryConfig two = GranaryConfig.load(null).with(GranaryConfig.S3_DOMAIN, " s3.example.com , S3.Other.Example ,");
        assertEquals(List.of("s3.example.com", "S3.Other.Example"), two.s3Domains());
        assertEquals(List.of("s3.example.com", "s3.other.example"),
                new GatewaySettings(two.region(), two.s3Domains()).virtualHostDomains());
    }
}
