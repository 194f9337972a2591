package dev.arena.chatops.internal;

import dev.arena.chatops.Command.ContainerAction;
import dev.arena.chatops.OperatorContainers;
import dev.arena.identity.ArenaPrincipal;
import dev.arena.identity.ProjectAccess;
import dev.arena.identity.ProjectRole;
import dev.arena.platform.Ids;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
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
 * actions it allows. Changes go through {@link OperatorContainers}, as the console's do.
 */
@RestController
@Tag(name = "Managed containers")
class ContainerController {

    private final ManagedContainers containers;
    private final OperatorContainers operator;
    private final ProjectAccess access;

    ContainerController(ManagedContainers containers, OperatorContainers operator, ProjectAccess access) {
        this.containers = containers;
        this.operator = operator;
        this.access = access;
    }

    record ContainerBody(@Nullable String containerId, @Nullable List<String> actions) {
    }

    record ContainerView(String name, String containerId, List<String> actions) {
        static ContainerView of(String name, String containerId, List<ContainerAction> actions) {
            return new ContainerView(name, containerId, actions.stream().map(ContainerAction::wireName).toList());
        }
    }

    @GetMapping("/v1/projects/{projectId}/containers")
    Map<String, List<ContainerView>> list(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId) {
        long project = Ids.parse(projectId, "project");
        access.require(caller, project, ProjectRole.MANAGER);
        return Map.of("items", containers.of(project).stream()
                .map(m -> ContainerView.of(m.name(), m.containerId(), m.actions().stream().sorted().toList())).toList());
    }

    @PutMapping("/v1/projects/{projectId}/containers/{name}")
    ContainerView put(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name,
                      @RequestBody ContainerBody body) {
        var managed = operator.manage(caller, Ids.parse(projectId, "project"), name, body.containerId(),
                body.actions() == null ? List.of() : body.actions());
        return ContainerView.of(managed.name(), managed.containerId(), managed.actions());
    }

    @DeleteMapping("/v1/projects/{projectId}/containers/{name}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal ArenaPrincipal caller, @PathVariable String projectId, @PathVariable String name) {
        operator.release(caller, Ids.parse(projectId, "project"), name);
        return ResponseEntity.noContent().build();
    }
}
