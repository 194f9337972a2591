package dev.arena.threats.respond;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.Page;
import dev.arena.platform.PlatformSettings;
import dev.arena.platform.ResourceNotFound;
import dev.arena.threats.ResponseSettings;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's block list: readers see it, admins block an address or range for a while and lift blocks. A
 * block refuses the address on the whole API, not only on this project's routes.
 */
@RestController
@Tag(name = "Threats")
class BlockController {

    private final BlockService service;
    private final Blocks blocks;
    private final BlockList list;
    private final ProjectAccess access;
    private final ResponseSettings settings;
    private final PlatformSettings platform;
    private final Clock clock;

    BlockController(BlockService service, Blocks blocks, BlockList list, ProjectAccess access, ResponseSettings settings,
                    PlatformSettings platform, Clock clock) {
        this.service = service;
        this.blocks = blocks;
        this.list = list;
        this.access = access;
        this.settings = settings;
        this.platform = platform;
        this.clock = clock;
    }

    /** {@code address}: an IP address or CIDR range; {@code duration}: {@code 30m}, {@code 2h}, {@code PT1H}, ... */
    record BlockBody(@Nullable String address, @Nullable String duration, @Nullable String reason) {
    }

    record BlockView(String id, String address, String reason, @Nullable String createdBy, @Nullable String policy,
                     @Nullable String sessionId, Instant createdAt, Instant expiresAt, @Nullable Instant liftedAt, boolean active) {
        static BlockView of(Block b, Instant now) {
            return new BlockView(Long.toString(b.id()), b.cidr(), b.reason(), text(b.createdBy()), b.policy(), text(b.sessionId()),
                    b.createdAt(), b.expiresAt(), b.liftedAt(), b.activeAt(now));
        }

        private static @Nullable String text(@Nullable Long id) {
            return id == null ? null : id.toString();
        }
    }

    @GetMapping("/v1/projects/{projectId}/threats/blocks")
    Page<BlockView> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                         @RequestParam(defaultValue = "false") boolean active,
                         @RequestParam(required = false) @Nullable String cursor,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.READER);
        Instant now = clock.instant();
        return blocks.of(project, active, now, Page.after(cursor), limit).map(b -> BlockView.of(b, now));
    }

    @PostMapping("/v1/projects/{projectId}/threats/blocks")
    @ResponseStatus(HttpStatus.CREATED)
    BlockView block(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody BlockBody body,
                    HttpServletRequest request) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        Cidr cidr = cidr(body.address(), ClientAddress.of(request, platform.trustedProxies()));
        Duration duration = duration(body.duration());
        String reason = body.reason() == null || body.reason().isBlank() ? "blocked by an admin" : body.reason().strip();
        if (reason.length() > 500) {
            throw new InvalidValue("reason", "reason is at most 500 characters");
        }
        Block block = service.block(project, cidr, duration, reason, caller.user(), null, null);
        return BlockView.of(block, clock.instant());
    }

    @DeleteMapping("/v1/projects/{projectId}/threats/blocks/{blockId}")
    ResponseEntity<Void> lift(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                              @PathVariable String blockId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        Block block = blocks.get(project, Ids.parse(blockId, "block")).orElseThrow(() -> new ResourceNotFound("block"));
        service.lift(block, caller.user());
        return ResponseEntity.noContent().build();
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
