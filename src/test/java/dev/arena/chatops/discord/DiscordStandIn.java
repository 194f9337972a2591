package dev.arena.chatops.discord;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.apache.tomcat.websocket.server.WsSci;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for Discord that speaks Discord's own wire protocol, so that the real JDA can be run
 * against it: Discord itself cannot be reached from here.
 *
 * <p>REST API v10 under {@code /api/v10/}: {@code GET users/@me}, {@code GET gateway/bot},
 * {@code GET applications/@me}, {@code PUT applications/{app}/commands} and
 * {@code PUT applications/{app}/guilds/{guild}/commands}, {@code POST channels/{channel}/messages},
 * {@code POST interactions/{id}/{token}/callback} and the interaction webhook's {@code POST webhooks/{app}/{token}}
 * and {@code PATCH webhooks/{app}/{token}/messages/@original}; a request without the bot token is 401, an
 * unknown route or channel 404, with Discord's JSON error body. Every request is recorded.
 *
 * <p>The Gateway over WebSocket at {@code /gateway} ({@code ?v=10&encoding=json}, with or without
 * {@code compress=zlib-stream}): HELLO (op 10), IDENTIFY (op 2) checked against the token (close code 4004
 * if wrong), then READY with the guild unavailable and its GUILD_CREATE (one guild, one text channel, the
 * roles {@code @everyone} and {@link #playerRoleId}, the bot's own member; a member's roles must be among them,
 * as in Discord, or JDA drops them); heartbeats (op 1) are acknowledged (op 11); {@link #slashCommand} and
 * {@link #buttonPress} dispatch INTERACTION_CREATE. Not covered: RESUME, sharding, presence, voice, rate-limit
 * headers, any other event.
 */
final class DiscordStandIn implements AutoCloseable {

    /** One REST request as the stand-in received it. */
    record Call(String method, String path, String authorization, @Nullable JsonNode body) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String API = "/api/v10";
    private static final Pattern COMMANDS = Pattern.compile("/applications/(\\d+)(?:/guilds/(\\d+))?/commands");
    private static final Pattern MESSAGES = Pattern.compile("/channels/(\\d+)/messages");
    private static final Pattern CALLBACK = Pattern.compile("/interactions/(\\d+)/([^/]+)/callback");
    private static final Pattern FOLLOW_UP = Pattern.compile("/webhooks/(\\d+)/([^/]+)(/messages/@original)?");

    final String applicationId;
    final String guildId;
    final String channelId;
    final String everyoneRoleId;
    final String playerRoleId;
    private final String token;
    private final AtomicLong snowflakes = new AtomicLong(System.currentTimeMillis() - 1_420_070_400_000L << 22);
    private final Tomcat tomcat = new Tomcat();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<JsonNode> identifies = new CopyOnWriteArrayList<>();
    private final List<String> gatewayQueries = new CopyOnWriteArrayList<>();
    private final List<GatewayConnection> connections = new CopyOnWriteArrayList<>();

    /** Starts on a free port of 127.0.0.1, accepting {@code token} as the bot's. */
    DiscordStandIn(String token) {
        this.token = token;
        this.applicationId = snowflake();
        this.guildId = snowflake();
        this.channelId = snowflake();
        this.everyoneRoleId = guildId;
        this.playerRoleId = snowflake();
        try {
            Registry.disableRegistry(); // as Spring Boot's own Tomcat does, so that it need not warn
            tomcat.setBaseDir(Files.createTempDirectory("discord-stand-in").toString());
            Connector connector = new Connector();
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "rest", new Rest());
            // Mapped to "/" as well so that the WebSocket upgrade filter runs for /gateway (no servlet, no filters).
            context.addServletMappingDecoded("/", "rest");
            context.addServletContainerInitializer(new WsSci(), null);
            context.addServletContainerInitializer((classes, servletContext) -> {
                ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
                try {
                    container.addEndpoint(ServerEndpointConfig.Builder.create(GatewayConnection.class, "/gateway")
                            .configurator(new ServerEndpointConfig.Configurator() {
                                @Override
                                @SuppressWarnings("unchecked")
                                public <T> T getEndpointInstance(Class<T> type) {
                                    return (T) new GatewayConnection();
                                }
                            }).build());
                } catch (DeploymentException e) {
                    throw new IllegalStateException(e);
                }
            }, null);
            tomcat.start();
        } catch (IOException | LifecycleException e) {
            throw new IllegalStateException("The Discord stand-in did not start", e);
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + port() + "/api/v10/";
    }

    String gatewayUrl() {
        return "ws://127.0.0.1:" + port() + "/gateway";
    }

    private int port() {
        return tomcat.getConnector().getLocalPort();
    }

    String snowflake() {
        return Long.toString(snowflakes.incrementAndGet());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the requests, Gateway connections and identifications received so far. */
    void forget() {
        calls.clear();
        identifies.clear();
        gatewayQueries.clear();
    }

    /** The query strings of the Gateway connections opened. */
    List<String> gatewayQueries() {
        return List.copyOf(gatewayQueries);
    }

    List<JsonNode> identifies() {
        return List.copyOf(identifies);
    }

    /** Gateway connections that identified and are still open. */
    long openSessions() {
        return connections.stream().filter(c -> c.identified && c.session.isOpen()).count();
    }

    /** Waits up to {@code timeout} for a REST call that matches. */
    Call awaitCall(Predicate<Call> wanted, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            Optional<Call> call = calls.stream().filter(wanted).findFirst();
            if (call.isPresent()) {
                return call.get();
            }
            pause();
        }
        throw new AssertionError("Within " + timeout + " no such request reached the stand-in; it saw " + calls);
    }

    /** Waits up to {@code timeout} for {@code condition}. */
    static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A guild member's {@code /arena <subcommand> [option:value]} in the guild's channel; returns the interaction id. */
    String slashCommand(String userId, List<String> roleIds, String subcommand, @Nullable String option, @Nullable String value) {
        ObjectNode sub = NODES.objectNode().put("type", 1).put("name", subcommand);
        ArrayNode options = sub.putArray("options");
        if (option != null) {
            options.addObject().put("type", 3).put("name", option).put("value", value);
        }
        ObjectNode data = NODES.objectNode().put("id", snowflake()).put("name", DiscordMessages.ROOT).put("type", 1).put("guild_id", guildId);
        data.putArray("options").add(sub);
        return interaction(2, userId, roleIds, data);
    }

    /** A guild member's press on a button whose custom id is {@code customId}; returns the interaction id. */
    String buttonPress(String userId, List<String> roleIds, String customId) {
        ObjectNode data = NODES.objectNode().put("custom_id", customId).put("component_type", 2);
        return interaction(3, userId, roleIds, data);
    }

    private String interaction(int type, String userId, List<String> roleIds, ObjectNode data) {
        String id = snowflake();
        ObjectNode member = NODES.objectNode();
        member.set("user", user(userId, "player-" + userId, false));
        ArrayNode roles = member.putArray("roles");
        roleIds.forEach(roles::add);
        member.put("joined_at", timestamp()).put("deaf", false).put("mute", false).put("flags", 0).put("pending", false)
                .put("permissions", "2248473465835073").putNull("nick").putNull("avatar").putNull("premium_since")
                .putNull("communication_disabled_until");
        ObjectNode d = NODES.objectNode().put("id", id).put("application_id", applicationId).put("type", type)
                .put("token", "interaction-token-" + id).put("version", 1).put("guild_id", guildId).put("channel_id", channelId)
                .put("app_permissions", "2248473465835073").put("locale", "en-US").put("guild_locale", "en-US")
                .put("context", 0).put("attachment_size_limit", 10_485_760);
        d.set("channel", textChannel());
        d.putObject("guild").put("id", guildId).put("locale", "en-US").putArray("features");
        d.set("member", member);
        d.set("data", data);
        d.putArray("entitlements");
        d.putObject("authorizing_integration_owners").put("0", guildId);
        if (type == 3) {
            d.set("message", message(channelId, "the message with the button", applicationId));
        }
        connections.stream().filter(c -> c.identified && c.session.isOpen()).forEach(c -> c.dispatch("INTERACTION_CREATE", d));
        return id;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    // --- REST ---

    private final class Rest extends HttpServlet {

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String uri = request.getRequestURI();
            String path = uri.startsWith(API) ? uri.substring(API.length()) : uri;
            byte[] raw = request.getInputStream().readAllBytes();
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            String authorization = Optional.ofNullable(request.getHeader("Authorization")).orElse("");
            calls.add(new Call(request.getMethod(), path, authorization, body));
            response.setContentType("application/json");
            if (!authorization.equals("Bot " + token) && !isInteractionRoute(path)) {
                error(response, 401, 0, "401: Unauthorized");
                return;
            }
            JsonNode answer = uri.startsWith(API) ? answer(request.getMethod(), path, body) : null;
            if (answer == null) {
                error(response, 404, 0, "404: Not Found");
                return;
            }
            response.setStatus(200);
            response.getOutputStream().write(JSON.writeValueAsBytes(answer));
        }

        /** Interaction callbacks and their webhook are authorised by the interaction's token, not the bot's. */
        private static boolean isInteractionRoute(String path) {
            return CALLBACK.matcher(path).matches() || FOLLOW_UP.matcher(path).matches();
        }

        private @Nullable JsonNode answer(String method, String path, @Nullable JsonNode body) {
            Matcher m;
            if (method.equals("GET") && path.equals("/users/@me")) {
                return user(applicationId, "arena-bot", true);
            }
            if (method.equals("GET") && path.equals("/gateway/bot")) {
                ObjectNode gateway = NODES.objectNode().put("url", gatewayUrl()).put("shards", 1);
                gateway.putObject("session_start_limit").put("total", 1000).put("remaining", 999).put("reset_after", 0).put("max_concurrency", 1);
                return gateway;
            }
            if (method.equals("GET") && path.equals("/applications/@me")) {
                ObjectNode application = NODES.objectNode().put("id", applicationId).put("name", "Arena").put("description", "")
                        .put("bot_public", false).put("bot_require_code_grant", false).put("verify_key", "00").put("flags", 0)
                        .putNull("icon");
                application.set("bot", user(applicationId, "arena-bot", true));
                return application;
            }
            if (method.equals("PUT") && (m = COMMANDS.matcher(path)).matches() && m.group(1).equals(applicationId) && body != null) {
                ArrayNode registered = NODES.arrayNode();
                for (JsonNode command : body) {
                    ObjectNode copy = (ObjectNode) command.deepCopy();
                    copy.put("id", snowflake()).put("application_id", applicationId).put("version", snowflake());
                    if (m.group(2) != null) {
                        copy.put("guild_id", m.group(2));
                    }
                    if (!copy.has("type")) {
                        copy.put("type", 1);
                    }
                    registered.add(copy);
                }
                return registered;
            }
            if (method.equals("POST") && (m = MESSAGES.matcher(path)).matches() && m.group(1).equals(channelId) && body != null) {
                return message(channelId, body.path("content").asString(""), applicationId);
            }
            if (method.equals("POST") && (m = CALLBACK.matcher(path)).matches()) {
                int type = body == null ? 0 : body.path("type").asInt();
                boolean ephemeral = body != null && (body.path("data").path("flags").asInt() & 64) != 0;
                ObjectNode callback = NODES.objectNode();
                callback.putObject("interaction").put("id", m.group(1)).put("type", 2).put("response_message_id", snowflake())
                        .put("response_message_loading", type == 5).put("response_message_ephemeral", ephemeral);
                ObjectNode resource = callback.putObject("resource").put("type", type);
                if (type == 4) {
                    resource.set("message", message(channelId, body.path("data").path("content").asString(""), applicationId));
                }
                return callback;
            }
            if ((m = FOLLOW_UP.matcher(path)).matches() && m.group(1).equals(applicationId) && body != null
                    && (method.equals("POST") && m.group(3) == null || method.equals("PATCH") && m.group(3) != null)) {
                return message(channelId, body.path("content").asString(""), applicationId);
            }
            return null;
        }

        private static void error(HttpServletResponse response, int status, int code, String message) throws IOException {
            response.setStatus(status);
            response.getOutputStream().write(JSON.writeValueAsBytes(Map.of("message", message, "code", code)));
        }
    }

    // --- Gateway ---

    /** One Gateway connection: HELLO on open, IDENTIFY → READY + GUILD_CREATE, heartbeats acknowledged. */
    final class GatewayConnection extends Endpoint {

        private Session session;
        private @Nullable Deflater zlib;
        private final AtomicLong sequence = new AtomicLong();
        private volatile boolean identified;

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            this.session = session;
            gatewayQueries.add(session.getQueryString());
            Map<String, List<String>> query = session.getRequestParameterMap();
            if (!List.of("10").equals(query.get("v")) || !List.of("json").equals(query.get("encoding"))) {
                close(4012, "Invalid API version or encoding");
                return;
            }
            if (query.containsKey("compress")) {
                if (!List.of("zlib-stream").equals(query.get("compress"))) {
                    close(4000, "Unknown compression");
                    return;
                }
                zlib = new Deflater();
            }
            connections.add(this);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::received);
            send(NODES.objectNode().put("op", 10).putNull("s").putNull("t").set("d", NODES.objectNode().put("heartbeat_interval", 41_250)));
        }

        private void received(String text) {
            JsonNode payload = JSON.readTree(text);
            switch (payload.path("op").asInt(-1)) {
                case 1 -> send(NODES.objectNode().put("op", 11).putNull("s").putNull("t").putNull("d"));
                case 2 -> identify(payload.path("d"));
                case 3 -> {
                    // presence update: nothing to answer
                }
                default -> close(4001, "Unknown opcode");
            }
        }

        private void identify(JsonNode identify) {
            identifies.add(identify);
            if (identified) {
                close(4005, "Already authenticated");
                return;
            }
            if (!token.equals(identify.path("token").asString(""))) {
                close(4004, "Authentication failed");
                return;
            }
            identified = true;
            ObjectNode ready = NODES.objectNode().put("v", 10).put("session_id", "session-" + snowflake())
                    .put("resume_gateway_url", gatewayUrl());
            ready.set("user", user(applicationId, "arena-bot", true));
            ready.putArray("guilds").addObject().put("id", guildId).put("unavailable", true);
            ready.putArray("private_channels");
            ready.putArray("presences");
            ready.putArray("relationships");
            ready.putArray("guild_join_requests");
            ready.putObject("application").put("id", applicationId).put("flags", 0);
            ready.putObject("user_settings");
            dispatch("READY", ready);
            dispatch("GUILD_CREATE", guild());
        }

        void dispatch(String event, JsonNode data) {
            ObjectNode payload = NODES.objectNode().put("op", 0).put("t", event);
            synchronized (this) {
                payload.put("s", sequence.incrementAndGet());
                payload.set("d", data);
                send(payload);
            }
        }

        private synchronized void send(JsonNode payload) {
            try {
                byte[] json = JSON.writeValueAsBytes(payload);
                if (zlib == null) {
                    session.getBasicRemote().sendText(new String(json, StandardCharsets.UTF_8));
                } else {
                    session.getBasicRemote().sendBinary(ByteBuffer.wrap(flushed(json)));
                }
            } catch (IOException e) {
                throw new IllegalStateException("The stand-in could not send on the Gateway", e);
            }
        }

        /** zlib-stream: one deflate context per connection, each payload ending in a sync flush (00 00 ff ff). */
        private byte[] flushed(byte[] json) {
            zlib.setInput(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = zlib.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length);
            return out.toByteArray();
        }

        private void close(int code, String reason) {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // --- Discord's objects ---

    private static ObjectNode user(String id, String name, boolean bot) {
        return NODES.objectNode().put("id", id).put("username", name).put("discriminator", "0").put("global_name", name)
                .putNull("avatar").put("bot", bot).put("system", false).put("flags", 0).put("public_flags", 0)
                .put("mfa_enabled", true).put("verified", true).putNull("banner").putNull("accent_color")
                .putNull("avatar_decoration_data");
    }

    private ObjectNode textChannel() {
        ObjectNode channel = NODES.objectNode().put("id", channelId).put("type", 0).put("guild_id", guildId).put("name", "arena-alerts")
                .put("position", 0).put("nsfw", false).putNull("parent_id").putNull("topic").putNull("last_message_id")
                .put("rate_limit_per_user", 0).put("flags", 0).put("permissions", "2248473465835073");
        channel.putArray("permission_overwrites");
        return channel;
    }

    private ObjectNode guild() {
        ObjectNode guild = NODES.objectNode().put("id", guildId).put("name", "Arena stand-in").putNull("icon").putNull("splash")
                .putNull("discovery_splash").put("owner_id", snowflake()).putNull("afk_channel_id").put("afk_timeout", 300)
                .put("verification_level", 0).put("default_message_notifications", 0).put("explicit_content_filter", 0)
                .put("mfa_level", 0).putNull("application_id").putNull("system_channel_id").put("system_channel_flags", 0)
                .putNull("rules_channel_id").putNull("public_updates_channel_id").putNull("safety_alerts_channel_id")
                .put("max_members", 500_000).putNull("max_presences").putNull("vanity_url_code").putNull("description")
                .putNull("banner").put("premium_tier", 0).put("premium_subscription_count", 0).put("preferred_locale", "en-US")
                .put("nsfw_level", 0).put("premium_progress_bar_enabled", false).put("large", false).put("unavailable", false)
                .put("member_count", 3).put("joined_at", timestamp()).put("lazy", true);
        guild.putArray("features");
        ArrayNode roles = guild.putArray("roles");
        roles.add(role(everyoneRoleId, "@everyone", 0));
        roles.add(role(playerRoleId, "players", 1));
        guild.putArray("emojis");
        guild.putArray("stickers");
        guild.putArray("channels").add(textChannel());
        guild.putArray("threads");
        ObjectNode self = guild.putArray("members").addObject().put("joined_at", timestamp()).put("deaf", false).put("mute", false)
                .put("flags", 0).put("pending", false).putNull("nick").putNull("avatar").putNull("premium_since")
                .putNull("communication_disabled_until");
        self.set("user", user(applicationId, "arena-bot", true));
        self.putArray("roles");
        guild.putArray("voice_states");
        guild.putArray("presences");
        guild.putArray("stage_instances");
        guild.putArray("guild_scheduled_events");
        guild.putArray("soundboard_sounds");
        return guild;
    }

    private static ObjectNode role(String id, String name, int position) {
        ObjectNode role = NODES.objectNode().put("id", id).put("name", name).put("color", 0).put("hoist", false)
                .put("position", position).put("permissions", "2248473465835073").put("managed", false).put("mentionable", false)
                .put("flags", 0).putNull("icon").putNull("unicode_emoji");
        role.putObject("colors").put("primary_color", 0).putNull("secondary_color").putNull("tertiary_color");
        return role;
    }

    private ObjectNode message(String channel, String content, String authorId) {
        ObjectNode message = NODES.objectNode().put("id", snowflake()).put("channel_id", channel).put("type", 0).put("content", content)
                .put("timestamp", timestamp()).putNull("edited_timestamp").put("tts", false).put("mention_everyone", false)
                .put("pinned", false).put("flags", 0);
        message.set("author", user(authorId, "arena-bot", true));
        message.putArray("mentions");
        message.putArray("mention_roles");
        message.putArray("attachments");
        message.putArray("embeds");
        message.putArray("components");
        return message;
    }

    private static String timestamp() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }
}
