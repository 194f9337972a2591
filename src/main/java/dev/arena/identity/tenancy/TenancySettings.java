package dev.arena.identity.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tenancy settings, under {@code arena.tenancy}.
 *
 * @param maxOwnedOrgsPerUser how many organisations one user may own (tiers limit what is inside an org;
 *                            this stops one account from minting unlimited free orgs)
 */
@ConfigurationProperties("arena.tenancy")
record TenancySettings(@DefaultValue("20") int maxOwnedOrgsPerUser) {
}
