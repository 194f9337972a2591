package dev.arena.identity.tenancy;

import dev.arena.identity.IdentityProblem;
import dev.arena.identity.account.Emails;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy settings, under {@code arena.tenancy}. Deliberately flat: a nested record whose only values are
 * defaults once bound as null, so every setting is a top-level component with its default in
 * {@link DefaultValue}. Checked at start-up; a bad value fails with a message naming the setting.
 *
 * @param maxOwnedOrgsPerUser how many organisations one user may own (default 20; tiers limit what is
 *                            inside an org, this stops one account from minting unlimited free orgs)
 * @param operatorEmails      the addresses of Arena's operators, who may move any organisation to another
 *                            tier (default none). An operator must have verified the address.
 */
@ConfigurationProperties("arena.tenancy")
record TenancySettings(@DefaultValue("20") int maxOwnedOrgsPerUser, @DefaultValue List<String> operatorEmails) {

    TenancySettings {
        if (maxOwnedOrgsPerUser < 1) {
            throw new IllegalArgumentException("arena.tenancy.max-owned-orgs-per-user must be at least 1, was " + maxOwnedOrgsPerUser);
        }
        operatorEmails = operatorEmails.stream().map(TenancySettings::normalise).toList();
    }

    /** The operators' addresses in normal form. */
    Set<String> operators() {
        return operatorEmails.stream().collect(Collectors.toUnmodifiableSet());
    }

    private static String normalise(String email) {
        try {
            return Emails.normalise(email);
        } catch (IdentityProblem.Unacceptable e) {
            throw new IllegalArgumentException("arena.tenancy.operator-emails: '" + email + "' is not an email address");
        }
    }
}
