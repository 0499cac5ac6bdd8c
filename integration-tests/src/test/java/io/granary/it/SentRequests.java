package io.granary.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every request an SDK v2 client sends, signed, as it goes on the wire: the operation's
 * name and the headers. Add it to a client with {@code overrideConfiguration(o -> o.addExecutionInterceptor(sent))}.
 */
final class SentRequests implements ExecutionInterceptor {
    /** One request: the operation's AWS name and its headers, names compared without case. */
    record Sent(String operation, Map<String, List<String>> headers) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(context.httpRequest().headers());
        sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), headers));
    }

    /** The headers of the last request of this operation; fails the test if there was none. */
    Map<String, List<String>> last(String operation) {
        List<Sent> matching = sent.stream().filter(s -> s.operation().equals(operation)).toList();
        assertTrue(!matching.isEmpty(), () -> "no " + operation + " was sent");
        return matching.get(matching.size() - 1).headers();
    }

    /** How many requests of this operation were sent, retries included. */
    long count(String operation) {
        return sent.stream().filter(s -> s.operation().equals(operation)).count();
    }
}
