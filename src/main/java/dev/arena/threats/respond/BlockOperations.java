package dev.arena.threats.respond;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ResponseSettings;
import dev.arena.threats.ThreatBlocks;
import dev.arena.threats.access.ThreatAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Service;

/** Manual blocks for the block routes and the console: access, the checks on address and duration, then the service. */
@Service
class BlockOperations implements ThreatBlocks {

    private final BlockService service;
    private final Blocks blocks;
    private final BlockList list;
    private final ThreatAccess access;
    private final ResponseSettings settings;
    private final Clock clock;

    BlockOperations(BlockService service, Blocks blocks, BlockList list, ThreatAccess access, ResponseSettings settings, Clock clock) {
        this.service = service;
        this.blocks = blocks;
        this.list = list;
        this.access = access;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public List<BlockRow> list(ArenaPrincipal caller, long projectId, boolean activeOnly) {
        access.require(caller, projectId, ProjectRole.READER);
        Instant now = clock.instant();
        return blocks.of(projectId, activeOnly, now, 0, 200).items().stream().map(b -> row(b, now)).toList();
    }

    @Override
    public BlockRow block(ArenaPrincipal caller, long projectId, @Nullable String address, @Nullable String duration,
                          @Nullable String reason, String callersAddress) {
        return row(blocked(caller, projectId, address, duration, reason, callersAddress), clock.instant());
    }

    @Override
    public void lift(ArenaPrincipal caller, long projectId, long blockId) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        Block block = blocks.get(projectId, blockId).orElseThrow(() -> new ResourceNotFound("block"));
        service.lift(block, caller.user());
    }

    /** Checks and records a manual block. */
    Block blocked(ArenaPrincipal caller, long projectId, @Nullable String address, @Nullable String duration,
                  @Nullable String reason, String callersAddress) {
        access.require(caller, projectId, ProjectRole.ADMIN);
        Cidr cidr = cidr(address, callersAddress);
        Duration lasting = duration(duration);
        String why = reason == null || reason.isBlank() ? "blocked by an admin" : reason.strip();
        if (why.length() > 500) {
            throw new InvalidValue("reason", "reason is at most 500 characters");
        }
        return service.block(projectId, cidr, lasting, why, caller.user(), null, null);
    }

    private static BlockRow row(Block b, Instant now) {
        return new BlockRow(Long.toString(b.id()), b.cidr(), b.reason(), b.policy(), b.createdAt(), b.expiresAt(), b.liftedAt(),
                b.activeAt(now));
    }

    private Cidr cidr(@Nullable String address, String callersAddress) {
        if (address == null || address.isBlank()) {
            throw new InvalidValue("address", "address is required: an IP address or a CIDR range");
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(address);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("address", e.getMessage());
        }
        if (list.touchesAllowList(cidr)) {
            throw new InvalidValue("address", cidr + " includes allow-listed addresses (arena.threats.response.allow-list)");
        }
        var caller = Cidr.address(callersAddress);
        if (caller != null && cidr.contains(caller)) {
            throw new InvalidValue("address", cidr + " includes your own address; it would lock you out");
        }
        return cidr;
    }

    private Duration duration(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidValue("duration", "duration is required, e.g. 30m, 2h or 7d");
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("duration", "'" + text + "' is not a duration such as 30m, 2h or 7d");
        }
        if (duration.toSeconds() < 1 || duration.compareTo(settings.maxBlockDuration()) > 0) {
            throw new InvalidValue("duration", "duration must be 1s to " + settings.maxBlockDuration());
        }
        return duration;
    }
}
