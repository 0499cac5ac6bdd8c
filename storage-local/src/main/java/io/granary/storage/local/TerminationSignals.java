package io.granary.storage.local;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Runs an action on SIGTERM and SIGINT instead of letting the JVM begin its shutdown.
 *
 * <p>Why not a shutdown hook: Hadoop's servers register their own hooks with Hadoop's
 * {@code ShutdownHookManager}, which runs them concurrently with ours once the JVM shuts down and
 * then refuses the hook removals that a DataNode makes while it stops, aborting its shutdown half
 * way. Handling the signal lets the servers stop in order while the JVM is still running normally.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: javac warns about every direct use of it
 * and that warning cannot be suppressed. The package is exported by {@code jdk.unsupported}, so
 * no {@code --add-opens} flag is needed.
 */
final class TerminationSignals {
    private TerminationSignals() {
    }

    /**
     * Installs {@code action} for SIGTERM and, where the JVM lets us, SIGINT. It runs on a thread
     * the JVM starts for the signal, once per signal received.
     *
     * @throws IllegalStateException if SIGTERM cannot be handled (no {@code sun.misc.Signal}, or
     *     the JVM runs with {@code -Xrs})
     */
    static void onTermination(Runnable action) {
        Object handler;
        Method handle;
        Class<?> signalClass;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handler = Proxy.newProxyInstance(TerminationSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (Object proxy, Method method, Object[] arguments) -> invoke(action, proxy, method, arguments));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JVM cannot handle SIGTERM (no sun.misc.Signal)", e);
        }
        for (String name : List.of("TERM", "INT")) {
            try {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            } catch (ReflectiveOperationException e) {
                // SIGINT is refused when the JVM runs with -Xrs; a terminal's Ctrl-C then ends the
                // JVM without an orderly stop, which the write-ahead logs make safe.
                if (name.equals("TERM")) {
                    throw new IllegalStateException("this JVM refuses to let us handle SIGTERM", e);
                }
            }
        }
    }

    private static Object invoke(Runnable action, Object proxy, Method method, Object[] arguments) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                default -> "termination signal handler";
            };
        }
        action.run();
        return null;
    }
}
