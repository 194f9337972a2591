/**
 * The threat pipeline: security events from Arena's own modules and from honeypot sensors are enriched
 * (GeoIP, MITRE ATT&CK), scored, grouped into attacker sessions and answered by declarative policies.
 * Its root package is what other modules may use: the {@link dev.arena.threats.ThreatAlert}s it publishes.
 */
@NullMarked
@ApplicationModule(displayName = "Threat pipeline", allowedDependencies = {"evaluations", "identity", "instances", "platform"})
package dev.arena.threats;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
