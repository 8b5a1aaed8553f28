package io.notifications.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A real HTTP webhook receiver: records every request and answers as the test tells it to. */
public final class Receiver implements AutoCloseable {

    public record Request(String path, Map<String, List<String>> headers, String body, Instant at) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** What to answer: status code, headers and body for a request, given how often its webhook-id was seen. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public Answer(int status, Map<String, String> headers) {
            this(status, headers, "answer " + status);
        }

        public static Answer ok() {
            return new Answer(200, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private volatile Function<Integer, Answer> answer = n -> Answer.ok();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Decides the answer from the number of times this webhook-id has arrived (1 for the first). */
    public void answer(Function<Integer, Answer> answer) {
        this.answer = answer;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                body, Instant.now());
        requests.add(request);
        String id = request.header("webhook-id");
        int count = seen.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
        Answer reply = answer.apply(count);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] response = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
