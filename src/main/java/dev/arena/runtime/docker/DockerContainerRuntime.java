package dev.arena.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.runtime.spi.ContainerFile;
import dev.arena.runtime.spi.ContainerInfo;
import dev.arena.runtime.spi.ContainerLogs;
import dev.arena.runtime.spi.ContainerPort;
import dev.arena.runtime.spi.ContainerRuntime;
import dev.arena.runtime.spi.ContainerRuntimeException;
import dev.arena.runtime.spi.ContainerSpec;
import dev.arena.runtime.spi.ContainerStats;
import dev.arena.runtime.spi.ContainerSummary;
import dev.arena.runtime.spi.ExecResult;
import dev.arena.runtime.spi.ExecSpec;
import dev.arena.runtime.spi.NetworkSpec;
import dev.arena.runtime.spi.NetworkSummary;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ContainerRuntime} port on a Docker engine, through docker-java and its Apache HttpClient 5
 * transport. It turns a {@link ContainerSpec} into a hardened container and docker-java's exceptions into
 * {@link ContainerRuntimeException}s. It does no queueing of its own (the caller puts it behind the
 * operation queue) and opens no connection before its first call.
 */
public final class DockerContainerRuntime implements ContainerRuntime, Closeable {

    private static final Duration SWEEP_EVERY = Duration.ofMinutes(10);
    private static final long REMOVAL_POLL_MILLIS = 50;
    private static final String ICC = "com.docker.network.bridge.enable_icc";
    private static final String MASQUERADE = "com.docker.network.bridge.enable_ip_masquerade";

    private final String host;
    private final String publishAddress;
    private final Duration callTimeout;
    private final DockerClient docker;
    private final @Nullable HostFiles hostFiles;
    private final AtomicLong nextSweep = new AtomicLong();

    /**
     * @param host           the engine's address, {@code unix:///...} or {@code tcp://...}
     * @param publishAddress the host address published ports bind to
     * @param callTimeout    how long one engine call may take; the transport gives up a little later
     * @param maxConnections connections kept to the engine, at least the queue's concurrency
     * @param filesDirectory where containers' files are written to be bind-mounted (see {@link HostFiles}),
     *                       for an engine that shares this host's file system; null to upload them instead
     */
    public DockerContainerRuntime(String host, String publishAddress, Duration callTimeout, int maxConnections,
                                  @Nullable Path filesDirectory) {
        this.host = host;
        // One directory per engine: a sweep knows only its own engine's containers.
        this.hostFiles = filesDirectory == null ? null
                : new HostFiles(filesDirectory.resolve(Integer.toHexString(host.hashCode())));
        this.publishAddress = publishAddress;
        this.callTimeout = callTimeout;
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        var transport = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(host))
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                // Past the caller's timeout, so a call the queue gave up on still frees its slot eventually.
                .responseTimeout(callTimeout.plusSeconds(5))
                .build();
        this.docker = DockerClientImpl.getInstance(config, transport);
    }

    @Override
    public String create(ContainerSpec spec) {
        if (hostFiles != null && !spec.files().isEmpty()) {
            return createWithHostFiles(spec, hostFiles);
        }
        String id = call("create container", () -> createCommand(spec, List.of(), Map.of()).exec().getId(), spec.image());
        try {
            upload(id, spec.files());
        } catch (RuntimeException e) {
            removeQuietly(id);
            throw e;
        }
        return id;
    }

    private String createWithHostFiles(ContainerSpec spec, HostFiles files) {
        sweepNowAndThen(files);
        HostFiles.Prepared prepared = files.prepare(spec.files());
        try {
            String id = call("create container", () -> createCommand(spec, prepared.mounts(), Map.of(HostFiles.LABEL, prepared.key()))
                    .exec().getId(), spec.image());
            files.created(id, prepared);
            return id;
        } catch (RuntimeException e) {
            files.abandon(prepared);
            throw e;
        }
    }

    /** Every ten minutes, in the background, removes the files of containers that went without this runtime. */
    private void sweepNowAndThen(HostFiles files) {
        long now = System.nanoTime();
        long due = nextSweep.get();
        if ((due == 0 || now - due >= 0) && nextSweep.compareAndSet(due, now + SWEEP_EVERY.toNanos())) {
            Thread.ofVirtual().name("container-files-sweep").start(() -> {
                try {
                    files.sweep(list(Map.of()).stream().map(c -> c.labels().get(HostFiles.LABEL))
                            .filter(Objects::nonNull).collect(Collectors.toSet()));
                } catch (RuntimeException e) {
                    // The engine or the directory is unavailable now; the next sweep tries again.
                }
            });
        }
    }

    /**
     * Without the engine when this runtime wrote the container's files to this host (see {@link HostFiles});
     * otherwise (an engine elsewhere, or a container another process created) with one exec as root, which
     * needs the container running and the file's directory writable by root: an uploaded file's volume is,
     * a read-only bind is not. Through the exec, the content must be UTF-8 text without NUL of at most
     * {@value FileReplacement#MAX_BYTES} bytes, as it travels in the exec's environment.
     */
    @Override
    public void replaceFile(String containerId, ContainerFile file) {
        if (!replaceFileWithoutEngine(containerId, file)) {
            ExecResult result = exec(containerId, FileReplacement.exec(file, callTimeout));
            FileReplacement.check(containerId, file, result);
        }
    }

    @Override
    public boolean replaceFileWithoutEngine(String containerId, ContainerFile file) {
        return hostFiles != null && hostFiles.replace(containerId, file);
    }

    @Override
    public void start(String containerId) {
        call("start container " + containerId, () -> {
            try {
                docker.startContainerCmd(containerId).exec();
            } catch (NotModifiedException alreadyRunning) {
                // Starting a running container is a no-op by contract.
            }
            return null;
        }, null);
    }

    @Override
    public void stop(String containerId, Duration grace) {
        call("stop container " + containerId, () -> {
            try {
                docker.stopContainerCmd(containerId).withTimeout((int) Math.max(0, grace.toSeconds())).exec();
            } catch (NotModifiedException alreadyStopped) {
                // Stopping a stopped container is a no-op by contract.
            }
            return null;
        }, null);
    }

    /**
     * Removes the container and returns once it is gone. When someone else is removing it already (another
     * node's sweeper, say), the engine answers 409 "removal … already in progress": that is waited out like
     * a removal of our own, not reported as a conflict.
     */
    @Override
    public void remove(String containerId) {
        call("remove container " + containerId, () -> {
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (ConflictException e) {
                if (!String.valueOf(e.getMessage()).contains("already in progress")) {
                    throw e;
                }
                awaitGone(containerId);
            }
            return null;
        }, null);
        if (hostFiles != null) {
            hostFiles.removed(containerId);
        }
    }

    @Override
    public ContainerInfo inspect(String containerId) {
        return call("inspect container " + containerId, () -> EngineViews.info(docker.inspectContainerCmd(containerId).exec()), null);
    }

    @Override
    public void updateLimits(String containerId, long memoryBytes, long pidsLimit) {
        call("update container " + containerId, () -> docker.updateContainerCmd(containerId)
                .withMemory(memoryBytes).withMemorySwap(memoryBytes).withPidsLimit(pidsLimit).exec(), null);
    }

    @Override
    public ExecResult exec(String containerId, ExecSpec spec) {
        String what = "exec in container " + containerId;
        return call(what, () -> {
            String execId = docker.execCreateCmd(containerId)
                    .withCmd(spec.cmd().toArray(String[]::new))
                    .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withUser(spec.user())
                    .withWorkingDir(spec.workDir())
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec().getId();
            var stdout = new CappedBuffer(spec.outputLimit());
            var stderr = new CappedBuffer(spec.outputLimit());
            var frames = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).add(frame.getPayload());
                }
            };
            try (frames) {
                docker.execStartCmd(execId).exec(frames);
                if (!frames.awaitCompletion(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    return new ExecResult(null, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), true);
                }
            } catch (IOException e) {
                // Closing a finished stream; nothing left to release.
            }
            return new ExecResult(spec.awaitExitCode() ? exitCode(execId, what) : null, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), false);
        }, null);
    }

    @Override
    public ExecResult feed(String containerId, String script, String endMark, Duration timeout, int outputLimit) {
        String what = "feed container " + containerId;
        return call(what, () -> {
            var stdout = new CappedBuffer(outputLimit);
            var stderr = new CappedBuffer(outputLimit);
            var outMark = new EndMark(endMark);
            var errMark = new EndMark(endMark);
            var frames = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    boolean error = frame.getStreamType() == StreamType.STDERR;
                    (error ? stderr : stdout).add(frame.getPayload());
                    if ((error ? errMark : outMark).seenIn(frame.getPayload()) && outMark.seen() && errMark.seen()) {
                        // The engine would keep the attachment open: it never learns that the input ended.
                        try {
                            close();
                        } catch (IOException e) {
                            // Closing a finished stream; nothing left to release.
                        }
                    }
                }
            };
            // The engine attaches to a stopped container too, and waits for it to start.
            if (!Boolean.TRUE.equals(docker.inspectContainerCmd(containerId).exec().getState().getRunning())) {
                throw new ContainerRuntimeException.Conflict(what + ": it is not running", new IllegalStateException(containerId));
            }
            // The input is closed after the attachment, so that the thread writing it ends without a failure.
            try (var input = new HeldOpenInput(script.getBytes(StandardCharsets.UTF_8)); frames) {
                docker.attachContainerCmd(containerId).withStdIn(input).withStdOut(true).withStdErr(true).withFollowStream(true)
                        .exec(frames);
                if (!frames.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new ExecResult(null, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), true);
                }
            } catch (IOException e) {
                // Closing a finished stream; nothing left to release.
            }
            Integer exit = outMark.seen() && errMark.seen() ? null : docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(exit, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), false);
        }, null);
    }

    @Override
    public ExecResult run(String containerId, Duration timeout, int outputLimit) {
        String what = "run container " + containerId;
        return call(what, () -> {
            var stdout = new CappedBuffer(outputLimit);
            var stderr = new CappedBuffer(outputLimit);
            var attached = new CountDownLatch(1);
            var failure = new AtomicReference<Throwable>();
            var frames = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onStart(Closeable stream) {
                    super.onStart(stream);
                    attached.countDown();
                }

                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).add(frame.getPayload());
                }

                @Override
                public void onError(Throwable error) {
                    failure.compareAndSet(null, error);
                    attached.countDown();
                    super.onError(error);
                }
            };
            try (frames) {
                docker.attachContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true).exec(frames);
                // Output written before the attachment would be lost: start only once the engine answered it.
                if (!attached.await(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ContainerRuntimeException.Timeout(what + " (attaching)", callTimeout);
                }
                Throwable failed = failure.get();
                if (failed != null) {
                    throw failed instanceof RuntimeException e ? e : new IllegalStateException(what + " (attaching)", failed);
                }
                docker.startContainerCmd(containerId).exec();
                if (!frames.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return new ExecResult(null, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), true);
                }
            } catch (IOException e) {
                // Closing a finished stream; nothing left to release.
            }
            Integer exit = docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(exit, stdout.text(), stderr.text(), stdout.truncated(), stderr.truncated(), false);
        }, null);
    }

    /** The engine may still be recording the exit when the output stream ends; ask again briefly. */
    private int exitCode(String execId, String what) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            var exec = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            Thread.sleep(2);
        }
        throw new ContainerRuntimeException.EngineError(what + ": its output ended but the engine reports no exit code",
                new IllegalStateException(execId));
    }

    @Override
    public List<ContainerSummary> list(Map<String, String> labels) {
        return call("list containers", () -> {
            var command = docker.listContainersCmd().withShowAll(true);
            if (!labels.isEmpty()) {
                command.withLabelFilter(labels);
            }
            return command.exec().stream().map(EngineViews::summary).toList();
        }, null);
    }

    @Override
    public ContainerLogs logs(String containerId, int tailLines) {
        return call("logs of container " + containerId, () -> {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            var frames = new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
                    (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).append(text);
                }
            };
            await(docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(tailLines).exec(frames),
                    "logs of container " + containerId);
            return new ContainerLogs(stdout.toString(), stderr.toString());
        }, null);
    }

    @Override
    public ContainerStats stats(String containerId) {
        return call("stats of container " + containerId, () -> {
            var sample = new AtomicReference<Statistics>();
            var samples = new ResultCallback.Adapter<Statistics>() {
                @Override
                public void onNext(Statistics statistics) {
                    sample.compareAndSet(null, statistics);
                }
            };
            await(docker.statsCmd(containerId).withNoStream(true).exec(samples), "stats of container " + containerId);
            return EngineViews.stats(sample.get());
        }, null);
    }

    @Override
    public String createNetwork(NetworkSpec spec) {
        return call("create network " + spec.name(), () -> docker.createNetworkCmd()
                .withName(spec.name())
                .withDriver("bridge")
                .withCheckDuplicate(true)
                .withInternal(spec.internal())
                .withLabels(spec.labels().asMap())
                .withOptions(networkOptions(spec))
                .exec().getId(), null);
    }

    @Override
    public void removeNetwork(String networkId) {
        call("remove network " + networkId, () -> docker.removeNetworkCmd(networkId).exec(), null);
    }

    @Override
    public List<NetworkSummary> networks(Map<String, String> labels) {
        return call("list networks", () -> {
            var command = docker.listNetworksCmd();
            if (!labels.isEmpty()) {
                command.withFilter("label", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            }
            return command.exec().stream().map(DockerContainerRuntime::summary).toList();
        }, null);
    }

    @Override
    public NetworkSummary network(String nameOrId) {
        return call("inspect network " + nameOrId, () -> summary(docker.inspectNetworkCmd().withNetworkId(nameOrId).exec()), null);
    }

    /** A bridge's options say whether it isolates its containers and translates their addresses (the default: yes). */
    private static NetworkSummary summary(Network network) {
        Map<String, String> options = network.getOptions() == null ? Map.of() : network.getOptions();
        boolean bridge = "bridge".equals(network.getDriver());
        boolean isolated = bridge && "false".equals(options.get(ICC));
        boolean outbound = !Boolean.TRUE.equals(network.getInternal()) && !(bridge && "false".equals(options.get(MASQUERADE)));
        return new NetworkSummary(network.getId(), network.getName(), network.getLabels() == null ? Map.of() : network.getLabels(),
                isolated, outbound);
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }

    /** Files go to {@code binds} when given, else their directories become volumes they are uploaded into after. */
    private CreateContainerCmd createCommand(ContainerSpec spec, List<Mount> binds, Map<String, String> moreLabels) {
        List<ExposedPort> exposed = spec.ports().stream().map(DockerContainerRuntime::exposed).toList();
        var hostConfig = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withCapAdd(spec.capAdd().stream().map(Capability::valueOf).toArray(Capability[]::new))
                .withSecurityOpts(List.of("no-new-privileges"))
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes())
                .withNanoCPUs(spec.nanoCpus())
                .withPidsLimit(spec.pidsLimit())
                .withReadonlyRootfs(spec.readOnlyRoot())
                .withTmpFs(tmpfs(spec.tmpfs()))
                .withNetworkMode(spec.network())
                .withMounts(binds)
                .withPortBindings(exposed.stream()
                        .map(port -> new PortBinding(Ports.Binding.bindIp(publishAddress), port)).toList());
        var labels = new LinkedHashMap<>(spec.allLabels());
        labels.putAll(moreLabels);
        var command = docker.createContainerCmd(spec.image())
                .withLabels(labels)
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withUser(spec.user())
                .withExposedPorts(exposed)
                .withVolumes(binds.isEmpty() ? spec.fileDirectories().stream().map(Volume::new).toList() : List.of())
                .withHostConfig(hostConfig);
        if (spec.name() != null) {
            command.withName(spec.name());
        }
        if (!spec.cmd().isEmpty()) {
            command.withCmd(spec.cmd());
        }
        if (spec.openStdin()) {
            command.withStdinOpen(true).withStdInOnce(false).withAttachStdin(true);
        }
        return command;
    }

    private void upload(String containerId, List<ContainerFile> files) {
        Map<String, List<ContainerFile>> byDirectory = files.stream()
                .collect(Collectors.groupingBy(ContainerFile::directory, LinkedHashMap::new, Collectors.toList()));
        byDirectory.forEach((directory, inIt) -> call("deliver files to container " + containerId,
                () -> docker.copyArchiveToContainerCmd(containerId)
                        .withRemotePath(directory)
                        .withTarInputStream(new ByteArrayInputStream(Tar.of(inIt)))
                        .exec(), null));
    }

    private void removeQuietly(String containerId) {
        try {
            remove(containerId);
        } catch (ContainerRuntimeException e) {
            // The create already failed; labels let reconciliation remove what is left.
        }
    }

    private void await(ResultCallback.Adapter<?> callback, String what) throws InterruptedException {
        try (callback) {
            if (!callback.awaitCompletion(callTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ContainerRuntimeException.Timeout(what, callTimeout);
            }
        } catch (IOException e) {
            // Closing a finished stream; nothing left to release.
        }
    }

    /** Waits, within the call timeout, until the engine no longer knows the container. */
    private void awaitGone(String containerId) throws InterruptedException {
        long deadline = System.nanoTime() + callTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                docker.inspectContainerCmd(containerId).exec();
            } catch (NotFoundException gone) {
                return;
            }
            Thread.sleep(REMOVAL_POLL_MILLIS);
        }
        throw new ContainerRuntimeException.Timeout("remove container " + containerId + " (removed by someone else)", callTimeout);
    }

    /** Runs one engine request and translates its failures; {@code image} marks a create. */
    private <T> T call(String what, Request<T> request, @Nullable String image) {
        try {
            return request.run();
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException.Timeout(what + " (interrupted)", callTimeout);
        } catch (RuntimeException e) {
            throw EngineErrors.translate(e, what, image, host, callTimeout);
        }
    }

    @FunctionalInterface
    private interface Request<T> {
        T run() throws InterruptedException;
    }

    private Map<String, String> networkOptions(NetworkSpec spec) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("com.docker.network.bridge.host_binding_ipv4", publishAddress);
        if (spec.isolated()) {
            options.put(ICC, "false");
        }
        if (!spec.outbound()) {
            options.put(MASQUERADE, "false");
        }
        return options;
    }

    private static ExposedPort exposed(ContainerPort port) {
        return port.protocol() == ContainerPort.Protocol.UDP ? ExposedPort.udp(port.number()) : ExposedPort.tcp(port.number());
    }

    private static Map<String, String> tmpfs(Map<String, Long> mounts) {
        Map<String, String> options = new LinkedHashMap<>();
        mounts.forEach((path, size) -> options.put(path, "rw,nosuid,nodev,noexec,size=" + size + ",mode=1777"));
        return options;
    }

}
