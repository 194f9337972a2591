package dev.arena.threats.explain;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for an OpenAI-compatible API: a real HTTP server on the loopback answering
 * {@code POST /v1/chat/completions} as its test tells it to, recording each request's body and
 * {@code Authorization} header.
 */
final class ChatCompletionsStandIn implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request: its JSON body and its {@code Authorization} header ({@code "null"} without one). */
    record Call(JsonNode body, String authorization) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String answer = completion("The attacker brute-forced SSH and downloaded a miner.");
    volatile long delayMillis;
    private final HttpServer server;

    ChatCompletionsStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", exchange -> {
            calls.add(new Call(JSON.readTree(exchange.getRequestBody().readAllBytes()),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The API's base, as {@code arena.threats.analyst.base-url} takes it. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<JsonNode> requests() {
        return calls().stream().map(Call::body).toList();
    }

    List<String> keys() {
        return calls().stream().map(Call::authorization).toList();
    }

    static String completion(String content) {
        return JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion", "model", "stand-in",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop", "message", Map.of("role", "assistant", "content", content)))));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
