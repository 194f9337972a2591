package dev.arena.chatops.internal;

import dev.arena.chatops.ProjectMech.MechView;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import dev.arena.platform.Tokens;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's mech: readers see it, managers enter donations, admins set the webhook token, and a
 * Ko-fi-style webhook adds donations when it presents that token ({@code verification_token}, compared in
 * constant time). The token is kept in the encrypted settings as {@code mech.webhook-token:<projectId>}.
 */
@RestController
@Tag(name = "Mech")
class MechController {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Mechs mechs;
    private final MechService mech;
    private final SettingsVault vault;
    private final ProjectAccess access;
    private final ChangeAudit changes;

    MechController(Mechs mechs, MechService mech, SettingsVault vault, ProjectAccess access, ChangeAudit changes) {
        this.changes = changes;
        this.mechs = mechs;
        this.mech = mech;
        this.vault = vault;
        this.access = access;
    }

    record DonationBody(@Nullable Double amount, @Nullable String donor) {
    }

    static String webhookSetting(long projectId) {
        return "mech.webhook-token:" + projectId;
    }

    @GetMapping("/v1/projects/{projectId}/mech")
    MechView get(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        return mech.get(caller, Ids.parse(projectId, "project"));
    }

    @PostMapping("/v1/projects/{projectId}/mech/donations")
    @ResponseStatus(HttpStatus.CREATED)
    MechView donate(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody DonationBody body) {
        return mech.donate(caller, Ids.parse(projectId, "project"), body.amount(), body.donor());
    }

    /** Generates the project's webhook token and shows it this once; a new one replaces the old. */
    @PutMapping("/v1/projects/{projectId}/mech/webhook-token")
    Map<String, String> webhookToken(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        String token = Tokens.newSecret("mwh_");
        vault.put(webhookSetting(project), token, caller.user());
        changes.changed(caller, project, "mech webhook-token", "mech", "a new webhook token (never recorded); the old one stops working");
        return Map.of("token", token);
    }

    /**
     * A Ko-fi-style donation: a form field {@code data} (or the JSON body itself) with {@code verification_token},
     * {@code amount}, {@code from_name} and {@code kofi_transaction_id}; a repeated delivery counts once. A token that
     * opens no project's webhook is a 404.
     */
    @PostMapping(value = "/v1/projects/{projectId}/mech/donations/webhook",
            consumes = {MediaType.APPLICATION_FORM_URLENCODED_VALUE, MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> webhook(@PathVariable String projectId, HttpServletRequest request) {
        long project = Ids.parse(projectId, "project");
        JsonNode data = payload(request);
        String presented = data.path("verification_token").asString("");
        // a wrong token, a project without one and no project at all answer alike: nobody learns which projects take donations
        if (!vault.value(webhookSetting(project)).map(expected -> Tokens.sameSecret(expected, presented)).orElse(false)) {
            throw new ResourceNotFound("webhook");
        }
        double amount;
        try {
            amount = MechService.amount(Double.valueOf(data.path("amount").asString("")));
        } catch (NumberFormatException e) {
            throw new InvalidValue("amount", "amount must be a number");
        }
        String transaction = data.path("kofi_transaction_id").asString("");
        String donor = MechService.cut(data.path("from_name").asString("anonymous"));
        String from = donor.isBlank() ? "anonymous" : donor;
        boolean counted = mechs.donate(project, amount, from, "webhook", transaction.isBlank() ? null : MechService.cut(transaction)).isPresent();
        changes.webhookDonation(project, from, amount, counted);
        return Map.of("counted", counted);
    }

    private static JsonNode payload(HttpServletRequest request) {
        try {
            String text = request.getContentType() != null && request.getContentType().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                    ? request.getParameter("data")
                    : new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (text == null || text.isBlank()) {
                throw new InvalidValue("data", "the donation is missing");
            }
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw new InvalidValue("data", "the donation must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new InvalidValue("data", "the donation is not JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
