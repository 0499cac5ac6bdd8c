package io.granary.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewaySettingsTest {
    @Test
    void domainsAreNormalizedAndDeduplicated() {
        assertEquals(List.of(), new GatewaySettings("us-east-1").virtualHostDomains());
        assertEquals(List.of("s3.example.com", "localhost"),
                new GatewaySettings("us-east-1", List.of(" S3.Example.com. ", ".s3.example.com", "localhost"))
                        .virtualHostDomains());
    }

    @Test
    void somethingThatIsNotAHostNameIsRefused() {
        for (String bad : List.of("", " ", "http://s3.example.com", "s3.example.com:9000", "a..b", "s3 example")) {
            assertThrows(IllegalArgumentException.class, () -> new GatewaySettings("us-east-1", List.of(bad)), bad);
        }
    }
}
