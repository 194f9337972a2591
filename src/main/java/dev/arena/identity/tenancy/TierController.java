package dev.arena.identity.tenancy;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.IdentityProblem;
import dev.arena.identity.OrgAccess;
import dev.arena.identity.OrgRole;
import dev.arena.identity.Quota;
import dev.arena.identity.security.Callers;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tiers and quotas: {@code GET /v1/tiers} (public), an organisation's usage (members), and its tier, which
 * only operators change. A member who is not an operator gets 403 {@code role-required} naming
 * "operator"; anyone else who is neither member nor operator gets 404, as for every invisible organisation.
 */
@RestController
@Tag(name = "Organisations")
class TierController {

    private final Tiers tiers;
    private final OrgAccess access;

    TierController(Tiers tiers, OrgAccess access) {
        this.tiers = tiers;
        this.access = access;
    }

    /** A tier's limits by quota name; null is unlimited. */
    record TierView(String name, Map<String, @Nullable Integer> limits) {
        static TierView of(Tiers.Tier tier) {
            return new TierView(tier.name(), byName(tier.limits()));
        }
    }

    record QuotaUsage(String quota, long used, @Nullable Integer limit) {
    }

    record UsageView(String orgId, String tier, List<QuotaUsage> quotas) {
        static UsageView of(Tiers.Usage usage) {
            return new UsageView(Long.toString(usage.orgId()), usage.tier(), usage.used().entrySet().stream()
                    .map(e -> new QuotaUsage(e.getKey().wireName(), e.getValue(), usage.limits().get(e.getKey()))).toList());
        }
    }

    record TierChange(@NotBlank @Size(max = 30) String tier) {
    }

    @GetMapping("/v1/tiers")
    Page<TierView> tiers() {
        return Page.of(tiers.all().stream().map(TierView::of).toList());
    }

    @GetMapping("/v1/orgs/{orgId}/usage")
    UsageView usage(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId) {
        long org = Ids.parse(orgId, "organisation");
        access.require(caller, org, OrgRole.MEMBER);
        return UsageView.of(tiers.usage(org));
    }

    /** Moves the organisation to another tier: operators only. */
    @PutMapping("/v1/orgs/{orgId}/tier")
    UsageView changeTier(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String orgId, @Valid @RequestBody TierChange body) {
        long org = Ids.parse(orgId, "organisation");
        long userId = Callers.session(caller).userId();
        if (!tiers.isOperator(userId)) {
            access.require(caller, org, OrgRole.MEMBER);
            throw new IdentityProblem.RoleRequired("operator");
        }
        return UsageView.of(tiers.change(userId, org, body.tier()));
    }

    private static Map<String, @Nullable Integer> byName(Map<Quota, @Nullable Integer> limits) {
        Map<String, @Nullable Integer> named = new LinkedHashMap<>();
        limits.forEach((quota, limit) -> named.put(quota.wireName(), limit));
        return named;
    }
}
