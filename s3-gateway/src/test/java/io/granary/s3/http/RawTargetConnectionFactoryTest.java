package io.granary.s3.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawTargetConnectionFactoryTest {
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // Targets Jetty parses go to it unchanged.
        "/bucket/key                     | NULL",
        "/bucket/../x                    | NULL",
        "/bucket/a/../../b               | NULL",
        "/bucket/a.b/.hidden?acl         | NULL",
        "/                               | NULL",
        "*                               | NULL",
        "http://host/bucket/../../x      | NULL",
        // Dot segments above the root, plain or percent-encoded, get the stand-in.
        "/bucket/../../x                 | /",
        "/../x                           | /",
        "/bucket/../../x?uploads         | /?uploads",
        "/bucket/%2e%2e/%2E%2E/x?a=1&b   | /?a=1&b",
        "/..                             | /",
        // A broken escape is Jetty's to refuse with its own 400.
        "/bucket/%zz/../../x             | NULL",
    })
    void replacesOnlyTargetsJettyWouldRefuse(String target, String standIn) {
        assertEquals(standIn, RawTargetConnectionFactory.standIn(target));
    }
}
