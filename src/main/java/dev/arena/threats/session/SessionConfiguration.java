package dev.arena.threats.session;

import dev.arena.platform.Ids;
import dev.arena.threats.ThreatSettings;
import dev.arena.threats.enrich.AttackRules;
import dev.arena.threats.enrich.GeoIp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    /** Open sessions kept in memory; older ones are loaded again when their source comes back. */
    static final int MAX_OPEN_SESSIONS = 200_000;

    @Bean
    AttackRules attackRules() {
        return AttackRules.load("threats/attack-rules.yaml");
    }

    @Bean(destroyMethod = "close")
    GeoIp geoIp(ThreatSettings settings, JsonMapper json) {
        return GeoIp.open(settings.geoipDirectory(), json);
    }

    @Bean
    Sessionizer sessionizer(Sessions sessions, AttackRules rules, GeoIp geoIp, Ids ids, ThreatSettings settings) {
        return new Sessionizer(sessions, rules, geoIp, ids, settings.sessionGap(), MAX_OPEN_SESSIONS);
    }
}
