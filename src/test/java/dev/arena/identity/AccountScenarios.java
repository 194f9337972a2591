package dev.arena.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.Db;
import dev.arena.support.Api;
import dev.arena.support.RecordedMail;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Accounts through HTTP, from registration to revoked sessions. Runs once per database: see the
 * subclasses.
 */
abstract class AccountScenarios {

    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RecordedMail mail;

    Api api() {
        return Api.at(port);
    }

    static Map<String, Object> registration(String email) {
        return Map.of("email", email, "password", PASSWORD, "displayName", "Ada");
    }

    /** Registers a user and returns a CLI client signed in as them. */
    Api signedIn(String email) {
        Api api = api();
        assertThat(api.post("/v1/auth/register", registration(email)).status()).isEqualTo(202);
        var login = api.post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli"));
        assertThat(login.status()).isEqualTo(200);
        return api.bearer(login.text("token"));
    }

    @Test
    void registeringThenSigningInWithTheCliGivesABearerTokenForTheProfile() {
        String email = Api.email("ada");
        Api api = signedIn(email.toUpperCase());

        var me = api.get("/v1/users/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.json().path("id").isString()).isTrue();
        assertThat(me.json().path("emailVerified").asBoolean()).isFalse();
        assertThat(me.json().has("passwordHash")).isFalse();
    }

    @Test
    void passwordsAreStoredAsArgon2idPhcStrings() {
        String email = Api.email("hash");
        signedIn(email);

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE email = ?").param(email).query(String.class).single();

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void aWebLoginSetsAnHttpOnlySessionCookieAndACsrfCookie() {
        String email = Api.email("web");
        Api api = api();
        api.post("/v1/auth/register", registration(email));

        var login = api.post("/v1/auth/login", Map.of("email", email, "password", PASSWORD));

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("token").isNull()).isTrue();
        var cookies = login.headers().get("set-cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("arena_session=ars_").contains("HttpOnly", "Secure", "SameSite=Lax"));
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("XSRF-TOKEN=").doesNotContain("HttpOnly"));
        assertThat(api.get("/v1/users/me").text("email")).isEqualTo(email);
    }

    @Test
    void aCookieAuthenticatedStateChangeWithoutTheCsrfHeaderIsRefused() {
        String email = Api.email("csrf");
        Api api = api();
        api.post("/v1/auth/register", registration(email));
        api.post("/v1/auth/login", Map.of("email", email, "password", PASSWORD));

        var forged = api.send("POST", "/v1/auth/logout", null, Map.of("X-XSRF-TOKEN", "forged"));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.isProblem()).isTrue();
        assertThat(forged.text("type")).isEqualTo("urn:arena:problem:csrf");

        assertThat(api.post("/v1/auth/logout", null).status()).isEqualTo(204);
        assertThat(api.get("/v1/users/me").status()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        String email = Api.email("known");
        signedIn(email);

        var wrongPassword = api().post("/v1/auth/login", Map.of("email", email, "password", "not the password!"));
        var unknownEmail = api().post("/v1/auth/login", Map.of("email", Api.email("nobody"), "password", "not the password!"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void registeringATakenEmailLooksLikeRegisteringAFreshOne() {
        String email = Api.email("taken");
        var first = api().post("/v1/auth/register", registration(email));
        var second = api().post("/v1/auth/register", Map.of("email", email, "password", "another password!", "displayName", "Eve"));

        assertThat(second.status()).isEqualTo(first.status()).isEqualTo(202);
        assertThat(second.body()).isEqualTo(first.body());
        var login = api().post("/v1/auth/login", Map.of("email", email, "password", "another password!"));
        assertThat(login.status()).isEqualTo(401);
    }

    @Test
    void passwordsOutsideTwelveToOneHundredTwentyEightCharactersAreRefused() {
        var tooShort = api().post("/v1/auth/register", Map.of("email", Api.email("short"), "password", "elevenchars", "displayName", "A"));
        var tooLong = api().post("/v1/auth/register", Map.of("email", Api.email("long"), "password", "x".repeat(129), "displayName", "A"));

        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.text("field")).isEqualTo("password");
        assertThat(tooLong.status()).isEqualTo(422);
    }

    @Test
    void atMostTenSessionsLiveAndTheOldestIsEvicted() {
        String email = Api.email("many");
        Api first = signedIn(email);
        for (int i = 0; i < 10; i++) {
            assertThat(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli")).status())
                    .isEqualTo(200);
        }

        assertThat(first.get("/v1/users/me").status()).isEqualTo(401);
        Api latest = api().bearer(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli")).text("token"));
        assertThat(latest.get("/v1/users/me/sessions").json().path("items").size()).isEqualTo(10);
    }

    @Test
    void aUserCanListAndRevokeTheirOwnSessionsButNotAnotherUsers() {
        String email = Api.email("sessions");
        Api laptop = signedIn(email);
        Api phone = api().bearer(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli")).text("token"));
        Api stranger = signedIn(Api.email("stranger"));

        var items = laptop.get("/v1/users/me/sessions").json().path("items");
        assertThat(items.size()).isEqualTo(2);
        String phoneSession = items.get(0).path("current").asBoolean() ? items.get(1).path("id").asString() : items.get(0).path("id").asString();

        assertThat(stranger.delete("/v1/users/me/sessions/" + phoneSession).status()).isEqualTo(404);
        assertThat(phone.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(laptop.delete("/v1/users/me/sessions/" + phoneSession).status()).isEqualTo(204);
        assertThat(phone.get("/v1/users/me").status()).isEqualTo(401);
        assertThat(laptop.get("/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsEveryOtherSession() {
        String email = Api.email("change");
        Api current = signedIn(email);
        Api other = api().bearer(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD, "client", "cli")).text("token"));

        var change = current.post("/v1/users/me/password", Map.of("currentPassword", PASSWORD, "newPassword", "a brand new passphrase"));

        assertThat(change.status()).isEqualTo(204);
        assertThat(current.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(other.get("/v1/users/me").status()).isEqualTo(401);
        assertThat(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(401);
    }

    @Test
    void everyIdentityEventIsAudited() {
        String email = Api.email("audit");
        signedIn(email);
        api().post("/v1/auth/login", Map.of("email", email, "password", "wrong password!!"));
        long userId = jdbc.sql("SELECT id FROM users WHERE email = ?").param(email).query(Long.class).single();

        var kinds = jdbc.sql("SELECT kind FROM audit_events WHERE actor_id = ? ORDER BY id").param(userId).query(String.class).list();

        assertThat(kinds).containsExactly("UserRegistered", "LoginSucceeded", "LoginFailed");
    }

    String mailedToken(String email) {
        return mail.lastToken(email, "art_").orElseThrow(() -> new AssertionError("no token mailed to " + email));
    }

    @Test
    void theMailedVerificationTokenVerifiesTheEmailOnce() {
        String email = Api.email("verify");
        Api ada = signedIn(email);
        String token = mailedToken(email);

        assertThat(api().post("/v1/auth/verify-email", Map.of("token", token)).status()).isEqualTo(204);
        assertThat(ada.get("/v1/users/me").json().path("emailVerified").asBoolean()).isTrue();

        var again = api().post("/v1/auth/verify-email", Map.of("token", token));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.text("type")).isEqualTo("urn:arena:problem:token-unusable");
    }

    @Test
    void anExpiredVerificationTokenIsUnusable() {
        String email = Api.email("late");
        Api ada = signedIn(email);
        expireAccountTokensOf(email);

        var late = api().post("/v1/auth/verify-email", Map.of("token", mailedToken(email)));

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.text("type")).isEqualTo("urn:arena:problem:token-unusable");
        assertThat(ada.get("/v1/users/me").json().path("emailVerified").asBoolean()).isFalse();
    }

    @Test
    void aPasswordResetSetsTheNewPasswordAndEndsEverySession() {
        String email = Api.email("forgetful");
        Api laptop = signedIn(email);
        assertThat(api().post("/v1/auth/password-reset", Map.of("email", email.toUpperCase())).status()).isEqualTo(202);
        String token = mailedToken(email);

        var reset = api().post("/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", "a fresh new passphrase"));

        assertThat(reset.status()).isEqualTo(204);
        assertThat(laptop.get("/v1/users/me").status()).isEqualTo(401);
        assertThat(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(401);
        assertThat(api().post("/v1/auth/login", Map.of("email", email, "password", "a fresh new passphrase")).status()).isEqualTo(200);
        var reused = api().post("/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", "an attacker's passphrase"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.text("type")).isEqualTo("urn:arena:problem:token-unusable");
    }

    @Test
    void anExpiredResetTokenChangesNothing() {
        String email = Api.email("slow");
        Api laptop = signedIn(email);
        api().post("/v1/auth/password-reset", Map.of("email", email));
        String token = mailedToken(email);
        expireAccountTokensOf(email);

        var late = api().post("/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", "a fresh new passphrase"));

        assertThat(late.status()).isEqualTo(400);
        assertThat(laptop.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(api().post("/v1/auth/login", Map.of("email", email, "password", PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void aVerificationTokenCannotResetAPassword() {
        String email = Api.email("mixup");
        signedIn(email);

        var wrongPurpose = api().post("/v1/auth/password-reset/confirm", Map.of("token", mailedToken(email), "newPassword", "a fresh new passphrase"));

        assertThat(wrongPurpose.status()).isEqualTo(400);
    }

    @Test
    void aResetForAnUnknownAddressIsAcceptedButMailsNothing() {
        String email = Api.email("ghost");

        var answer = api().post("/v1/auth/password-reset", Map.of("email", email));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(mail.to(email)).isEmpty();
    }

    private void expireAccountTokensOf(String email) {
        jdbc.sql("UPDATE account_tokens SET expires_at = ? WHERE user_id = (SELECT id FROM users WHERE email = ?)")
                .params(Db.ts(Instant.now().minusSeconds(1)), email).update();
    }
}
