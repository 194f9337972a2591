package dev.arena.identity.account;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.security.Callers;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registration, sign-in and the caller's own account: {@code /v1/auth/*} and {@code /v1/users/me*}. */
@RestController
@Tag(name = "Account")
class AccountController {

    private final Accounts accounts;
    private final Users users;
    private final Sessions sessions;
    private final WebSignIn web;

    AccountController(Accounts accounts, Users users, Sessions sessions, WebSignIn web) {
        this.accounts = accounts;
        this.users = users;
        this.sessions = sessions;
        this.web = web;
    }

    record Registration(@NotBlank @Size(max = 320) String email,
                        @NotNull @Size(max = 1024) String password,
                        @NotBlank @Size(max = 100) String displayName) {
    }

    record Accepted(String status, String detail) {
    }

    @PostMapping("/v1/auth/register")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted register(@Valid @RequestBody Registration body, HttpServletRequest request) {
        accounts.register(body.email(), body.password(), body.displayName(), ip(request));
        return new Accepted("accepted", "If the address can be registered, a verification mail is on its way; sign in with your password.");
    }

    record Login(@NotBlank @Size(max = 320) String email,
                 @NotNull @Size(max = 1024) String password,
                 @Nullable @Pattern(regexp = "web|cli") String client) {
    }

    record UserView(String id, String email, String displayName, boolean emailVerified, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(Long.toString(user.id()), user.email(), user.displayName(), user.emailVerified(), user.createdAt());
        }
    }

    record SessionView(String id, String client, String ip, String userAgent, Instant createdAt, Instant expiresAt, boolean current) {
        static SessionView of(Sessions.Session s, long currentId) {
            return new SessionView(Long.toString(s.id()), s.client(), s.ip(), s.userAgent(), s.createdAt(), s.expiresAt(), s.id() == currentId);
        }
    }

    /** The answer to a login; {@code token} is present only for CLI sessions (web sessions use the cookie). */
    record LoginView(UserView user, SessionView session, @Nullable String token) {
    }

    @PostMapping("/v1/auth/login")
    LoginView login(@Valid @RequestBody Login body, HttpServletRequest request, HttpServletResponse response) {
        if ("cli".equals(body.client())) {
            String userAgent = request.getHeader("User-Agent") == null ? "" : request.getHeader("User-Agent");
            Accounts.SignedIn signedIn = accounts.login(body.email(), body.password(), "cli", ip(request), userAgent);
            Sessions.Opened opened = signedIn.session();
            return new LoginView(UserView.of(signedIn.user()), SessionView.of(opened.session(), opened.session().id()), opened.token());
        }
        Accounts.SignedIn signedIn = web.open(body.email(), body.password(), request, response);
        Sessions.Session session = signedIn.session().session();
        return new LoginView(UserView.of(signedIn.user()), SessionView.of(session, session.id()), null);
    }

    @PostMapping("/v1/auth/logout")
    ResponseEntity<Void> logout(@AuthenticationPrincipal ArenaPrincipal caller, HttpServletResponse response) {
        web.signOut(Callers.session(caller), response);
        return ResponseEntity.noContent().build();
    }

    record TokenBody(@NotBlank @Size(max = 200) String token) {
    }

    @PostMapping("/v1/auth/verify-email")
    ResponseEntity<Void> verifyEmail(@Valid @RequestBody TokenBody body) {
        accounts.verifyEmail(body.token());
        return ResponseEntity.noContent().build();
    }

    record ResetRequest(@NotBlank @Size(max = 320) String email) {
    }

    @PostMapping("/v1/auth/password-reset")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted requestReset(@Valid @RequestBody ResetRequest body, HttpServletRequest request) {
        accounts.requestPasswordReset(body.email(), ip(request));
        return new Accepted("accepted", "If the address has an account, a reset mail is on its way.");
    }

    record Reset(@NotBlank @Size(max = 200) String token, @NotNull @Size(max = 1024) String newPassword) {
    }

    @PostMapping("/v1/auth/password-reset/confirm")
    ResponseEntity<Void> reset(@Valid @RequestBody Reset body) {
        accounts.resetPassword(body.token(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/users/me")
    UserView me(@AuthenticationPrincipal ArenaPrincipal caller) {
        Long userId = caller.user();
        if (userId == null) {
            throw new IdentityProblem.CredentialNotAllowed("A client's token has no user profile.");
        }
        return users.byId(userId).map(UserView::of).orElseThrow(IdentityProblem.InvalidCredentials::new);
    }

    record PasswordChange(@NotNull @Size(max = 1024) String currentPassword, @NotNull @Size(max = 1024) String newPassword) {
    }

    @PostMapping("/v1/users/me/password")
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal ArenaPrincipal caller, @Valid @RequestBody PasswordChange body) {
        ArenaPrincipal.UserSession user = Callers.session(caller);
        accounts.changePassword(user.userId(), user.sessionId(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/users/me/sessions")
    Page<SessionView> mySessions(@AuthenticationPrincipal ArenaPrincipal caller) {
        ArenaPrincipal.UserSession user = Callers.session(caller);
        return Page.of(sessions.liveOf(user.userId()).stream().map(s -> SessionView.of(s, user.sessionId())).toList());
    }

    @DeleteMapping("/v1/users/me/sessions/{sessionId}")
    ResponseEntity<Void> revokeSession(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String sessionId) {
        ArenaPrincipal.UserSession user = Callers.session(caller);
        accounts.revokeSession(user.userId(), Ids.parse(sessionId, "session"));
        return ResponseEntity.noContent().build();
    }

    private String ip(HttpServletRequest request) {
        return web.ip(request);
    }

}
