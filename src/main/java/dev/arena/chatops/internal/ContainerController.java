package dev.arena.chatops.internal;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import dev.arena.platform.InvalidValue;
import dev.arena.platform.ResourceNotFound;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The containers chat-ops and schedules may act on in a project (managers read, admins change): only a
 * container Arena created for the project (its {@code arena.project} label) can be added, each with the
 * actions it allows.
 */
@RestController
@Tag(name = "Managed containers")
class ContainerController {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final ManagedContainers containers;
    private final ContainerRuntime runtime;
    private final ProjectAccess access;

    ContainerController(ManagedContainers containers, ContainerRuntime runtime, ProjectAccess access) {
        this.containers = containers;
        this.runtime = runtime;
        this.access = access;
    }

    record ContainerBody(@Nullable String containerId, @Nullable List<String> actions) {
    }

    record ContainerView(String name, String containerId, List<String> actions) {
        static ContainerView of(ManagedContainers.Managed m) {
            return new ContainerView(m.name(), m.containerId(), m.actions().stream().map(ContainerAction::wireName).toList());
        }
    }

    @GetMapping("/v1/projects/{projectId}/containers")
    Map<String, List<ContainerView>> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.MANAGER);
        return Map.of("items", containers.of(project).stream().map(ContainerView::of).toList());
    }

    @PutMapping("/v1/projects/{projectId}/containers/{name}")
    ContainerView put(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name,
                      @RequestBody ContainerBody body) {
        long project = admin(caller, projectId);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidValue("name", "1-64 of a-z, 0-9 and '-'");
        }
        String id = body.containerId();
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new InvalidValue("containerId", "containerId is required");
        }
        Set<ContainerAction> actions = EnumSet.noneOf(ContainerAction.class);
        for (String a : body.actions() == null ? List.<String>of() : body.actions()) {
            actions.add(ContainerAction.fromWire(a).orElseThrow(() -> new InvalidValue("actions", "each of start, stop, restart, logs")));
        }
        requireProjectContainer(project, id);
        var managed = new ManagedContainers.Managed(project, name, id, actions);
        containers.put(managed);
        return ContainerView.of(managed);
    }

    @DeleteMapping("/v1/projects/{projectId}/containers/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name) {
        long project = admin(caller, projectId);
        if (!containers.remove(project, name)) {
            throw new ResourceNotFound("container");
        }
        return ResponseEntity.noContent().build();
    }

    private void requireProjectContainer(long project, String containerId) {
        Map<String, String> labels;
        try {
            labels = runtime.inspect(containerId).labels();
        } catch (ContainerRuntimeException e) {
            throw new InvalidValue("containerId", "no container the engine knows by that id (" + e.outcome() + ")");
        }
        if (!Long.toString(project).equals(labels.get(ArenaLabels.PROJECT))) {
            throw new InvalidValue("containerId", "not a container Arena runs for this project");
        }
    }

    private long admin(ArenaPrincipal caller, String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.ADMIN);
        return project;
    }
}
