package dev.arena.instances;

import dev.arena.identity.ArenaPrincipal;
import dev.arena.platform.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A project's challenges as their authors write them, shared by the HTTP API and the console, so both check
 * access and validate the same way: readers list and read them (without environment and flag template), writers
 * create, change and delete them. Callers who may not see the project, or ask for a challenge it does not have,
 * get {@link dev.arena.platform.ResourceNotFound}; callers below the needed role
 * {@link dev.arena.identity.IdentityProblem.RoleRequired}; a missing or bad field is the module's
 * {@code unacceptable} problem (422, naming the field), a name the project already uses its {@code conflict} (409).
 */
public interface ProjectChallenges {

    /**
     * A challenge as written; on create, absent optional fields take their defaults (64 MiB, 0.5 CPUs, 1800 s
     * lifetime and extension step, 3 extensions, the flag in {@code /run/arena/flag}, ...), on change they keep
     * their value. {@code name}, {@code image}, {@code ports} and {@code flagTemplate} are required on create.
     * Giving only one of {@code flagFile} and {@code flagEnv} on change switches the delivery to it.
     */
    record ChallengeRequest(@Nullable String name, @Nullable String image, @Nullable List<String> command,
                            @Nullable List<Integer> ports, @Nullable Integer memoryMib, @Nullable Double cpus,
                            @Nullable Integer lifetimeSeconds, @Nullable Integer extensionSeconds, @Nullable Integer maxExtensions,
                            @Nullable Integer maxTotalSeconds, @Nullable Map<String, String> env, @Nullable String flagTemplate,
                            @Nullable String flagFile, @Nullable String flagEnv, @Nullable Boolean allowOutbound,
                            @Nullable List<String> capabilities, @Nullable Boolean writableRoot, @Nullable Integer warmPool) {
    }

    /** A challenge's definition; {@code env} and {@code flagTemplate} are null for callers below writer. */
    record ChallengeDefinition(String id, String projectId, String name, String image, List<String> command, List<Integer> ports,
                               int memoryMib, double cpus, long lifetimeSeconds, long extensionSeconds, int maxExtensions,
                               long maxTotalSeconds, @Nullable Map<String, String> env, @Nullable String flagTemplate,
                               @Nullable String flagFile, @Nullable String flagEnv, boolean allowOutbound, List<String> capabilities,
                               boolean writableRoot, int warmPool, Instant createdAt, Instant updatedAt) {
    }

    /** Creates a challenge (writers) and fills its warm pool, if it has one. */
    ChallengeDefinition create(ArenaPrincipal caller, long projectId, ChallengeRequest request);

    /** The project's challenges in creation order (readers). @param cursor a page's {@code nextCursor}, or null */
    Page<ChallengeDefinition> list(ArenaPrincipal caller, long projectId, @Nullable String cursor, int limit);

    /** One challenge (readers). */
    ChallengeDefinition get(ArenaPrincipal caller, long projectId, long challengeId);

    /** Changes a challenge (writers); instances already running keep what they started with. */
    ChallengeDefinition change(ArenaPrincipal caller, long projectId, long challengeId, ChallengeRequest changes);

    /**
     * Deletes a challenge (writers); its live instances are stopped first (audited as from {@code origin}), its
     * warm containers removed.
     */
    void delete(ArenaPrincipal caller, long projectId, long challengeId, Origin origin);
}
