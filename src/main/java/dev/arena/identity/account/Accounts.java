package dev.arena.identity.account;

import dev.arena.identity.IdentityEvent;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.IdentitySettings;
import dev.arena.platform.Ids;
import dev.arena.platform.Mail;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.TooManyRequests;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a person does with their account: register, sign in and out, verify their email, change or reset
 * their password. Every outcome is published as an {@link IdentityEvent}.
 */
@Service
public class Accounts {

    private static final Duration VERIFICATION_TTL = Duration.ofHours(24);
    private static final Duration RESET_TTL = Duration.ofHours(1);

    private final Users users;
    private final Sessions sessions;
    private final Passwords passwords;
    private final AccountTokens tokens;
    private final RateLimiter limiter;
    private final Mail mail;
    private final IdentitySettings settings;
    private final Ids ids;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    Accounts(Users users, Sessions sessions, Passwords passwords, AccountTokens tokens, RateLimiter limiter, Mail mail,
             IdentitySettings settings, Ids ids, Clock clock, ApplicationEventPublisher events, TransactionTemplate tx) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.tokens = tokens;
        this.limiter = limiter;
        this.mail = mail;
        this.settings = settings;
        this.ids = ids;
        this.clock = clock;
        this.events = events;
        this.tx = tx;
    }

    /**
     * Registers a new account and mails a verification link. An email that is already registered gets a
     * notice by mail instead; the caller sees the same answer either way, after the same work.
     */
    public void register(String email, String password, String displayName, String ip) {
        throttle("registration-per-ip", "reg:ip:" + ip, settings.limits().registrationPerIp(), ip);
        String normal = Emails.normalise(email);
        String hash = passwords.hash(password);
        var user = new User(ids.next(), normal, displayName.strip(), hash, false, clock.instant());
        boolean created = Boolean.TRUE.equals(tx.execute(status -> {
            if (!users.insert(user)) {
                return false;
            }
            String secret = tokens.issue(user.id(), AccountTokens.Purpose.VERIFY_EMAIL, VERIFICATION_TTL);
            events.publishEvent(new IdentityEvent.UserRegistered(user.id(), normal, ip));
            mail.send(normal, "Verify your Arena account", "Confirm this address by posting the token to "
                    + settings.publicUrl() + "/v1/auth/verify-email:\n\n" + secret + "\n\nIt expires in 24 hours.");
            return true;
        }));
        if (!created) {
            mail.send(normal, "Someone tried to register with your address",
                    "An Arena account already exists for this address. If this was you, sign in or reset your password.");
        }
    }

    /** A successful sign-in: the user and the session it opened. */
    public record SignedIn(User user, Sessions.Opened session) {
    }

    /**
     * Signs a person in. Failures say only "invalid credentials", whether the email exists or not.
     *
     * @throws TooManyRequests when the address or the account has tried too often
     */
    public SignedIn login(String email, String password, String client, String ip, String userAgent) {
        throttle("login-per-ip", "login:ip:" + ip, settings.limits().loginPerIp(), ip);
        String normal = email.trim().toLowerCase(java.util.Locale.ROOT);
        throttle("login-per-account", "login:acct:" + normal, settings.limits().loginPerAccount(), ip);
        Optional<User> found = users.byEmail(normal);
        if (found.isEmpty()) {
            passwords.verifyDecoy(password);
            events.publishEvent(new IdentityEvent.LoginFailed(null, truncate(normal), ip));
            throw new IdentityProblem.InvalidCredentials();
        }
        User user = found.get();
        if (!passwords.matches(password, user.passwordHash())) {
            events.publishEvent(new IdentityEvent.LoginFailed(user.id(), normal, ip));
            throw new IdentityProblem.InvalidCredentials();
        }
        if (passwords.needsRehash(user.passwordHash())) {
            users.updatePasswordHash(user.id(), passwords.hash(password));
        }
        // the session and its audit entry in one transaction: one commit per login, and never one without the other
        Sessions.Opened opened = tx.execute(status -> {
            Sessions.Opened session = sessions.open(user.id(), client, ip, userAgent);
            events.publishEvent(new IdentityEvent.LoginSucceeded(user.id(), session.session().id(), client, ip));
            return session;
        });
        return new SignedIn(user, Objects.requireNonNull(opened));
    }

    public void logout(long userId, long sessionId) {
        if (sessions.revoke(userId, sessionId)) {
            events.publishEvent(new IdentityEvent.SessionRevoked(userId, sessionId, "logout"));
        }
    }

    /** Revokes one of the caller's own sessions. @throws dev.arena.platform.ResourceNotFound when not theirs */
    public void revokeSession(long userId, long sessionId) {
        if (!sessions.revoke(userId, sessionId)) {
            throw new dev.arena.platform.ResourceNotFound("session");
        }
        events.publishEvent(new IdentityEvent.SessionRevoked(userId, sessionId, "revoked by user"));
    }

    /** Changes the password after checking the current one; every other session of the user ends. */
    public void changePassword(long userId, long currentSessionId, String current, String next) {
        User user = users.byId(userId).orElseThrow(IdentityProblem.InvalidCredentials::new);
        if (!passwords.matches(current, user.passwordHash())) {
            throw new IdentityProblem.Unacceptable("currentPassword", "The current password is wrong.");
        }
        users.updatePasswordHash(userId, passwords.hash(next));
        int revoked = sessions.revokeAllBut(userId, currentSessionId);
        events.publishEvent(new IdentityEvent.PasswordChanged(userId, revoked));
    }

    /** Mails a reset link if the address has an account; answers the same either way. */
    public void requestPasswordReset(String email, String ip) {
        throttle("login-per-ip", "login:ip:" + ip, settings.limits().loginPerIp(), ip);
        users.byEmail(Emails.normalise(email)).ifPresent(user -> {
            String secret = tokens.issue(user.id(), AccountTokens.Purpose.RESET_PASSWORD, RESET_TTL);
            mail.send(user.email(), "Reset your Arena password", "Post this token with a new password to "
                    + settings.publicUrl() + "/v1/auth/password-reset/confirm:\n\n" + secret + "\n\nIt expires in 1 hour.");
        });
    }

    /** Sets a new password with a mailed reset token; every session of the user ends. */
    public void resetPassword(String token, String next) {
        String hash = passwords.hash(next);
        tx.executeWithoutResult(status -> {
            long userId = tokens.consume(token, AccountTokens.Purpose.RESET_PASSWORD);
            users.updatePasswordHash(userId, hash);
            int revoked = sessions.revokeAllBut(userId, 0);
            events.publishEvent(new IdentityEvent.PasswordChanged(userId, revoked));
        });
    }

    public void verifyEmail(String token) {
        tx.executeWithoutResult(status -> {
            long userId = tokens.consume(token, AccountTokens.Purpose.VERIFY_EMAIL);
            users.markEmailVerified(userId);
            events.publishEvent(new IdentityEvent.EmailVerified(userId));
        });
    }

    private void throttle(String name, String key, IdentitySettings.Limit limit, String ip) {
        RateLimiter.Decision decision = limiter.tryAcquire(key, limit.toLimit());
        if (!decision.allowed()) {
            events.publishEvent(new IdentityEvent.RateLimited(name, ip));
            throw new TooManyRequests(name, decision.retryAfter());
        }
    }

    private static String truncate(String text) {
        return text.length() <= 320 ? text : text.substring(0, 320);
    }
}
