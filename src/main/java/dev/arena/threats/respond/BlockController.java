package dev.arena.threats.respond;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.ClientAddress;
import dev.arena.platform.Ids;
import dev.arena.platform.Page;
import dev.arena.platform.PlatformSettings;
import dev.arena.threats.access.ThreatAccess;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
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
 * block refuses the address on this project's routes only; project 0 is Arena's own scope, its operators', whose
 * blocks hold on every route.
 */
@RestController
@Tag(name = "Threats")
class BlockController {

    private final BlockOperations operations;
    private final Blocks blocks;
    private final ThreatAccess access;
    private final PlatformSettings platform;
    private final Clock clock;

    BlockController(BlockOperations operations, Blocks blocks, ThreatAccess access, PlatformSettings platform, Clock clock) {
        this.operations = operations;
        this.blocks = blocks;
        this.access = access;
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
        long project = ThreatAccess.project(projectId);
        access.require(caller, project, ProjectRole.READER);
        Instant now = clock.instant();
        return blocks.of(project, active, now, Page.after(cursor), limit).map(b -> BlockView.of(b, now));
    }

    @PostMapping("/v1/projects/{projectId}/threats/blocks")
    @ResponseStatus(HttpStatus.CREATED)
    BlockView block(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @RequestBody BlockBody body,
                    HttpServletRequest request) {
        Block block = operations.blocked(caller, ThreatAccess.project(projectId), body.address(), body.duration(), body.reason(),
                ClientAddress.of(request, platform.trustedProxies()));
        return BlockView.of(block, clock.instant());
    }

    @DeleteMapping("/v1/projects/{projectId}/threats/blocks/{blockId}")
    ResponseEntity<Void> lift(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId,
                              @PathVariable String blockId) {
        operations.lift(caller, ThreatAccess.project(projectId), Ids.parse(blockId, "block"));
        return ResponseEntity.noContent().build();
    }
}
