package dev.arena.chatops.internal;

import static dev.arena.support.SecondNode.AT_ONCE;
import static dev.arena.support.SecondNode.seenWithin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arena.platform.SecretBox;
import dev.arena.support.ArenaTest;
import dev.arena.support.OnPostgres;
import dev.arena.support.SecondNode;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Two nodes on one PostgreSQL database: this test's Arena (the first node) and a {@link SecondNode}'s
 * {@link SettingsVault} over its own shared caches. A setting written, rewritten and removed on the first
 * node is the value the second serves within a second, though it had cached the earlier one.
 */
@ArenaTest
@OnPostgres
class SettingsOnPostgresTests {

    @Autowired
    SettingsVault vault;

    @Autowired
    SecretBox box;

    @Autowired
    ApplicationEventPublisher events;

    private SecondNode second;
    private SettingsVault secondVault;

    @BeforeEach
    void startSecondNode() {
        second = SecondNode.start();
        secondVault = new SettingsVault(second.jdbc(), box, Clock.systemUTC(), events, second.caches());
    }

    @AfterEach
    void stopSecondNode() {
        second.close();
    }

    @Test
    void aSettingChangedOnTheFirstNodeIsTheSecondsValueAtOnce() {
        vault.put("llm.shared-key", "first", null);
        assertThat(secondVault.value("llm.shared-key")).contains("first");

        vault.put("llm.shared-key", "second", null);
        seenWithin(AT_ONCE, () -> secondVault.value("llm.shared-key"), Optional.of("second")::equals);

        assertThat(vault.remove("llm.shared-key")).isTrue();
        seenWithin(AT_ONCE, () -> secondVault.value("llm.shared-key"), Optional.empty()::equals);
    }
}
