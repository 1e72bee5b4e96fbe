package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code AWS::Serverless::Function} of the template, run in this JVM as Lambda runs it: each
 * instance serves one invocation at a time; an invocation takes an idle instance or builds a new
 * one (a cold start, printed with its duration); the function's {@code Timeout} is enforced (the
 * instance is then thrown away); errors come back as Lambda's error document.
 */
public final class LocalFunction {
    /** Lambda's limit for the init phase of an on-demand function. */
    static final long INIT_LIMIT_SECONDS = 10;
    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /**
     * What the template says about the function.
     *
     * @param functionName the function's physical name ({@code <stack>-<LogicalId>} unless FunctionName is set)
     * @param environment  everything the function's environment holds: Lambda's own variables, the AWS
     *                     settings passed on from the runtime, Globals' and the function's variables
     * @param events       the function's {@code Events} (for the HTTP API, and later stream and schedule sources)
     */
    public record Definition(String logicalId, String functionName, String arn, String handlerClass,
                             String handlerMethod, String runtime, int timeoutSeconds, int memoryMb,
                             String alias, Map<String, String> environment, JsonNode events) {
        public String handler() {
            return handlerMethod == null ? handlerClass : handlerClass + "::" + handlerMethod;
        }
    }

    private final Definition definition;
    private final String problem;
    private final ClassLoader classLoader;
    private final ExecutorService executor;
    private final PrintStream console;
    private final Deque<Instance> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger instancesBuilt = new AtomicInteger();
    private final List<java.util.function.Consumer<InvocationResult>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile HandlerInvoker invoker;

    private record Instance(Object handler, String logStreamName) { }

    /** @param problem why the function cannot be set up locally (every invocation fails with it), or null */
    LocalFunction(Definition definition, String problem, ClassLoader classLoader, PrintStream console) {
        this.definition = definition;
        this.problem = problem;
        this.classLoader = classLoader;
        this.console = console;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, definition.logicalId() + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public Definition definition() { return definition; }

    public String logicalId() { return definition.logicalId(); }

    /** The function's {@code Events} entries of one type ({@code HttpApi}, {@code DynamoDB}, {@code Schedule} ...). */
    public Map<String, JsonNode> events(String type) {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        definition.events().fields().forEachRemaining(event -> {
            if (type.equals(event.getValue().path("Type").asText())) found.put(event.getKey(), event.getValue());
        });
        return found;
    }

    /** Why the function cannot run here (configuration, or its handler class is not on the class path), if so. */
    public java.util.Optional<String> problem() {
        if (problem != null) return java.util.Optional.of(problem);
        try {
            Class.forName(definition.handlerClass(), false, classLoader);
            return java.util.Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return java.util.Optional.of("handler class " + definition.handlerClass() + " is not on the local runtime's "
                    + "class path; add the function's module as a dependency of local-runtime/pom.xml");
        }
    }

    /** Handler instances built so far (each one was a cold start). */
    public int instancesBuilt() { return instancesBuilt.get(); }

    /** Calls {@code listener} after every invocation of this function (on the invoking thread; it must be quick). */
    public void onInvocation(java.util.function.Consumer<InvocationResult> listener) {
        listeners.add(listener);
    }

    /** Invokes the function synchronously (RequestResponse) with a JSON payload; never throws for handler errors. */
    public InvocationResult invoke(byte[] payload) {
        InvocationResult result = invokeOnce(payload);
        for (java.util.function.Consumer<InvocationResult> listener : listeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                console.println("invocation listener of " + definition.logicalId() + " failed: " + e);
            }
        }
        return result;
    }

    private InvocationResult invokeOnce(byte[] payload) {
        LogCapture.install();
        String requestId = UUID.randomUUID().toString();
        Invocation invocation = new Invocation(requestId, payload);
        Future<InvocationResult> future = executor.submit(invocation);
        long timeoutNanos = TimeUnit.SECONDS.toNanos(definition.timeoutSeconds());
        try {
            while (true) {
                long started = invocation.handlerStartedNanos;
                long waitNanos = started == 0
                        ? invocation.submittedNanos + TimeUnit.SECONDS.toNanos(INIT_LIMIT_SECONDS) - System.nanoTime()
                        : started + timeoutNanos - System.nanoTime();
                try {
                    return future.get(Math.max(1, Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(200))),
                            TimeUnit.NANOSECONDS);
                } catch (TimeoutException notYet) {
                    if (waitNanos <= 0 && started == invocation.handlerStartedNanos) {
                        return timedOut(invocation, future, started == 0);
                    }
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + definition.logicalId(), e);
        } catch (ExecutionException | CancellationException e) {
            throw new IllegalStateException("local runtime failure invoking " + definition.logicalId(), e);
        }
    }

    /** Invokes the function asynchronously (InvocationType Event); the result is only logged. */
    public void invokeAsync(byte[] payload) {
        Thread thread = new Thread(() -> invoke(payload), definition.logicalId() + "-event");
        thread.setDaemon(true);
        thread.start();
    }

    void close() {
        executor.shutdownNow();
    }

    private InvocationResult timedOut(Invocation invocation, Future<InvocationResult> future, boolean duringInit) {
        invocation.abandoned = true;
        future.cancel(true);
        double seconds = duringInit ? INIT_LIMIT_SECONDS : definition.timeoutSeconds();
        String message = Instant.now() + " " + invocation.requestId + " Task timed out after "
                + String.format(Locale.ROOT, "%.2f", seconds) + " seconds";
        console.println(message);
        ObjectNode error = Json.MAPPER.createObjectNode().put("errorMessage", message)
                .put("errorType", InvocationResult.TIMED_OUT);
        return new InvocationResult(invocation.requestId, Json.bytes(error), InvocationResult.UNHANDLED,
                InvocationResult.TIMED_OUT, invocation.coldStart, seconds * 1000, -1, message + "\n");
    }

    /** One invocation on an executor thread: take or build an instance, call the handler, report. */
    private final class Invocation implements java.util.concurrent.Callable<InvocationResult> {
        final String requestId;
        final byte[] payload;
        final long submittedNanos = System.nanoTime();
        volatile long handlerStartedNanos;
        volatile boolean coldStart;
        volatile boolean abandoned;

        Invocation(String requestId, byte[] payload) {
            this.requestId = requestId;
            this.payload = payload;
        }

        @Override
        public InvocationResult call() {
            LogCapture.begin();
            Instance instance = idle.pollFirst();
            double initMillis = -1;
            byte[] result;
            String functionError = null;
            String errorType = null;
            double durationMillis = 0;
            try {
                if (instance == null) {
                    coldStart = true;
                    long initStart = System.nanoTime();
                    try {
                        instance = newInstance();
                    } finally {
                        initMillis = (System.nanoTime() - initStart) / 1e6;
                    }
                    console.printf(Locale.ROOT, "%s: cold start, new instance of %s built in %.0f ms%n",
                            definition.logicalId(), definition.handlerClass(), initMillis);
                }
                System.out.println("START RequestId: " + requestId + " Version: $LATEST");
                handlerStartedNanos = System.nanoTime();
                long deadline = handlerStartedNanos + TimeUnit.SECONDS.toNanos(definition.timeoutSeconds());
                try {
                    result = invoker.invoke(instance.handler(), payload,
                            new LocalContext(requestId, definition, instance.logStreamName(), deadline));
                } finally {
                    durationMillis = (System.nanoTime() - handlerStartedNanos) / 1e6;
                }
                if (!abandoned) idle.push(instance);
            } catch (Throwable error) {
                functionError = InvocationResult.UNHANDLED;
                errorType = error.getClass().getName();
                result = Json.bytes(errorDocument(error));
                if (handlerStartedNanos == 0) handlerStartedNanos = System.nanoTime();
                System.out.println(new String(result, StandardCharsets.UTF_8));
                if (instance != null && !abandoned) idle.push(instance);
            }
            System.out.println("END RequestId: " + requestId);
            System.out.printf(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                            + "Memory Size: %d MB%s%n", requestId, durationMillis, (long) Math.ceil(durationMillis),
                    definition.memoryMb(), initMillis < 0 ? "" : String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMillis));
            String log = LogCapture.end();
            return new InvocationResult(requestId, result, functionError, errorType, coldStart, durationMillis,
                    initMillis, log);
        }
    }

    private Instance newInstance() throws Throwable {
        if (problem != null) throw new IllegalStateException(definition.logicalId() + " cannot run locally: " + problem);
        HandlerInvoker current = invoker;
        if (current == null) {
            Class<?> handlerClass;
            try {
                handlerClass = Class.forName(definition.handlerClass(), true, classLoader);
            } catch (ClassNotFoundException e) {
                throw new ClassNotFoundException("Class not found: " + definition.handlerClass() + " (handler of "
                        + definition.logicalId() + "). Add the function's module as a dependency of local-runtime/pom.xml.", e);
            }
            current = HandlerInvoker.forHandler(handlerClass, definition.handlerMethod());
            invoker = current;
        }
        Object handler = HandlerInvoker.newInstance(current.handlerClass(), definition.environment());
        int number = instancesBuilt.incrementAndGet();
        String logStream = LocalDate.now(ZoneOffset.UTC).format(LOG_STREAM_DATE) + "/[$LATEST]"
                + UUID.nameUUIDFromBytes((definition.logicalId() + number).getBytes(StandardCharsets.UTF_8))
                        .toString().replace("-", "");
        return new Instance(handler, logStream);
    }

    /** Lambda's Java runtime error document: errorMessage, errorType, stackTrace, and the cause chain. */
    static ObjectNode errorDocument(Throwable error) {
        ObjectNode document = Json.MAPPER.createObjectNode();
        document.put("errorMessage", error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        document.put("errorType", error.getClass().getName());
        ArrayNode stackTrace = document.putArray("stackTrace");
        for (StackTraceElement frame : handlerFrames(error)) {
            stackTrace.add(frame.getClassName() + "." + frame.getMethodName() + "("
                    + (frame.getFileName() == null ? "Unknown Source"
                    : frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")) + ")");
        }
        if (error.getCause() != null && error.getCause() != error) {
            document.set("cause", errorDocument(error.getCause()));
        }
        return document;
    }

    /** The frames of the function's own code: from the top down to the first frame of the runtime that called it. */
    private static List<StackTraceElement> handlerFrames(Throwable error) {
        List<StackTraceElement> frames = new ArrayList<>();
        for (StackTraceElement frame : error.getStackTrace()) {
            String className = frame.getClassName();
            String packageName = className.substring(0, Math.max(0, className.lastIndexOf('.')));
            if (packageName.equals(LocalFunction.class.getPackageName())
                    || className.startsWith("jdk.internal.reflect.") || className.startsWith("java.lang.reflect.")) {
                break;
            }
            frames.add(frame);
        }
        return frames;
    }
}
