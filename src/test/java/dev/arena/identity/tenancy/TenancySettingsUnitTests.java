package dev.arena.identity.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * How {@code arena.tenancy} binds. Pinned because a nested settings record holding only defaults once bound
 * as null; these settings are flat so that every default applies whether or not anything is configured.
 */
class TenancySettingsUnitTests {

    private static TenancySettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("arena.tenancy", TenancySettings.class);
    }

    @Test
    void withNothingConfiguredEveryDefaultApplies() {
        TenancySettings settings = bind(Map.of());

        assertThat(settings.maxOwnedOrgsPerUser()).isEqualTo(20);
        assertThat(settings.operatorEmails()).isNotNull().isEmpty();
        assertThat(settings.operators()).isEmpty();
    }

    @Test
    void operatorEmailsBindFromACommaSeparatedListInNormalForm() {
        TenancySettings settings = bind(Map.of("arena.tenancy.operator-emails", " Ops@Example.TEST ,root@example.test"));

        assertThat(settings.operators()).containsExactlyInAnyOrder("ops@example.test", "root@example.test");
    }

    @Test
    void operatorEmailsBindFromAnIndexedList() {
        TenancySettings settings = bind(Map.of("arena.tenancy.operator-emails[0]", "a@example.test",
                "arena.tenancy.operator-emails[1]", "b@example.test"));

        assertThat(settings.operatorEmails()).containsExactly("a@example.test", "b@example.test");
    }

    @Test
    void aMalformedOperatorAddressFailsNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("arena.tenancy.operator-emails", "not-an-address")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("arena.tenancy.operator-emails");
    }

    @Test
    void aUserMustBeAllowedToOwnAtLeastOneOrganisation() {
        assertThatThrownBy(() -> bind(Map.of("arena.tenancy.max-owned-orgs-per-user", "0")))
                .rootCause().hasMessageContaining("arena.tenancy.max-owned-orgs-per-user");
    }
}
