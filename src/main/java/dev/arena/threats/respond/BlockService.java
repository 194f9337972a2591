package dev.arena.threats.respond;

import dev.arena.platform.Ids;
import dev.arena.threats.ThreatAlert;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Making and lifting blocks: the database records them, this node's {@link BlockList} follows once the
 * change commits, and every node reloads the list every {@code block-refresh} to see the others' changes.
 * A block made by hand raises a {@link ThreatAlert} in its transaction, as a policy's block does in the
 * responder's.
 */
@Service
class BlockService {

    private static final Logger log = LoggerFactory.getLogger(BlockService.class);

    private final Blocks blocks;
    private final BlockList list;
    private final Ids ids;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    BlockService(Blocks blocks, BlockList list, Ids ids, Clock clock, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.blocks = blocks;
        this.list = list;
        this.ids = ids;
        this.clock = clock;
        this.tx = tx;
        this.events = events;
    }

    /**
     * Blocks a range for {@code duration}, in the caller's transaction if there is one; the filter applies it
     * once that commits. A block by hand ({@code policy} null) publishes its {@link ThreatAlert} in the same
     * transaction.
     *
     * @throws BlockExists when the project has an active block of the range
     */
    Block block(long projectId, Cidr cidr, Duration duration, String reason, @Nullable Long userId, @Nullable String policy,
                @Nullable Long sessionId) {
        var now = clock.instant();
        Block block = new Block(ids.next(), projectId, cidr.toString(), reason, userId, policy, sessionId, now, now.plus(duration),
                null, null);
        try {
            tx.executeWithoutResult(s -> {
                blocks.insert(block);
                if (block.byHand()) {
                    events.publishEvent(alert(block));
                }
            });
        } catch (DuplicateKeyException e) {
            // Inside a caller's transaction the failed insert has spoilt it (PostgreSQL): no further query there.
            long existing = TransactionSynchronizationManager.isActualTransactionActive() ? 0
                    : blocks.active(projectId, block.cidr(), now).map(Block::id).orElse(0L);
            throw new BlockExists(block.cidr(), existing);
        }
        afterCommit(() -> list.add(block.entry()));
        return block;
    }

    private static ThreatAlert alert(Block block) {
        String who = block.createdBy() == null ? "an API client" : "user " + block.createdBy();
        return new ThreatAlert(block.projectId(), null, block.cidr(), "medium", "Blocked " + block.cidr() + " at Arena's API by hand ("
                + who + ") until " + block.expiresAt() + ": " + block.reason(), List.of(), block.createdAt());
    }

    /** Lifts a block in force; false when it had ended already. */
    boolean lift(Block block, @Nullable Long userId) {
        boolean lifted = blocks.lift(block, userId, clock.instant());
        list.remove(block.id());
        return lifted;
    }

    /** Reloads the active blocks of every project: how blocks made on other nodes reach this one. */
    @Scheduled(fixedDelayString = "${arena.threats.response.block-refresh:5s}")
    void reload() {
        long version = list.version();
        try {
            List<BlockList.Entry> active = blocks.allActive(clock.instant()).stream().map(Block::entry).toList();
            list.replace(active, version);
        } catch (RuntimeException e) {
            log.warn("Could not reload the block list; keeping the last one: {}", e.toString());
        }
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
