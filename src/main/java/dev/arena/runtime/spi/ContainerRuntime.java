package dev.arena.runtime.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A container engine, as Arena uses it. Every engine call goes through a bounded operation queue, so a burst
 * of calls waits its turn instead of overwhelming the engine, and every call has a timeout; a file replaced
 * without the engine ({@link #replaceFileWithoutEngine}) does not wait. Implementations are thread-safe and
 * never connect to the engine before the first call: Arena starts without one.
 *
 * <p>Every method may throw a {@link ContainerRuntimeException}: {@code DaemonUnreachable} when no engine
 * answers, {@code Timeout} when the call waited or ran too long, {@code Overloaded} when too many calls
 * already wait, {@code EngineError} when the engine refuses for another reason. Methods name the others
 * they may throw.
 */
public interface ContainerRuntime {

    /**
     * Creates a container as the spec says and delivers its files; it does not start it.
     *
     * @return the engine's container id
     * @throws ContainerRuntimeException.ImageMissing if the image is not on the engine
     * @throws ContainerRuntimeException.Conflict     if the name is taken
     * @throws ContainerRuntimeException.NotFound     if the network does not exist
     */
    String create(ContainerSpec spec);

    /**
     * Replaces the content and mode of a file delivered at create time ({@link ContainerSpec#files()}) in a
     * created or running container, atomically: the container sees the old file or the new one, never part
     * of either. An adapter that runs a process in the container to do it needs the container running.
     * The new file is root's, as the delivered one was. Delivering a placeholder at create and replacing it
     * later puts a secret into a container started ahead of time.
     *
     * @param file the new file, at the path of one the container was created with
     * @throws ContainerRuntimeException.NotFound if there is no such container
     * @throws ContainerRuntimeException.Conflict if the adapter needs the container running and it is not
     * @throws IllegalArgumentException           if the container was created without a file at that path, or
     *                                            the runtime cannot carry this content (see the adapter's notes)
     */
    void replaceFile(String containerId, ContainerFile file);

    /**
     * Does what {@link #replaceFile} does if that takes no call to the engine (e.g. the files are on this
     * host), so that a caller who bounds engine calls need not make it wait its turn.
     *
     * @return false, having done nothing, if replacing the file takes a call to the engine
     */
    boolean replaceFileWithoutEngine(String containerId, ContainerFile file);

    /**
     * Starts a created container; starting a running one does nothing.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    void start(String containerId);

    /**
     * Asks the container to stop, and kills it after {@code grace} (whole seconds, rounded down); stopping a
     * stopped one does nothing. The grace period counts against the call timeout.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    void stop(String containerId, Duration grace);

    /**
     * Removes a container, killing it first if it runs, with its volumes (delivered files).
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    void remove(String containerId);

    /**
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    ContainerInfo inspect(String containerId);

    /**
     * Changes the memory limit (swap is not added on top) and the process limit of a container, running
     * or not.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    void updateLimits(String containerId, long memoryBytes, long pidsLimit);

    /**
     * Runs a process inside a running container and waits for its end, at most {@link ExecSpec#timeout()};
     * a process still running then is left running and the result says {@link ExecResult#timedOut()}.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     * @throws ContainerRuntimeException.Conflict if the container is not running
     */
    ExecResult exec(String containerId, ExecSpec spec);

    /**
     * Writes {@code script} to the standard input of a running container made with
     * {@link ContainerSpec.Builder#openStdin()}, whose command reads it (e.g. {@code sh -s}), and collects what
     * the container writes until its standard output and its standard error each hold a line that starts with
     * {@code endMark} (the engine may pass on one stream's last bytes after the other's), the container ends, or
     * {@code timeout} passes. No process is made for it, unlike {@link #exec}, which costs
     * the engine about 0.1 s here against a few milliseconds for a feed. A script still running at its
     * timeout is left running and the result says {@link ExecResult#timedOut()}. Output the container writes
     * between feeds goes to the next feed, so scripts should end with the mark only once they are done.
     *
     * @param endMark     what the script's last line to each stream starts with; a secret the program the script
     *                    runs cannot guess, if that program must not end the feed early
     * @param outputLimit the most bytes kept of each stream
     * @return the output, the end mark's lines included; the exit code only when the container ended before
     *         the mark (the script reports its own after the mark)
     * @throws ContainerRuntimeException.NotFound if there is no such container
     * @throws ContainerRuntimeException.Conflict if the container is not running
     */
    ExecResult feed(String containerId, String script, String endMark, Duration timeout, int outputLimit);

    /**
     * Starts a created container with its standard output and error attached, as {@code docker run} without
     * {@code -d} does, and waits for its end, at most {@code timeout}: its command's output and exit code
     * without an exec, and without the engine's log. A container still running then is left running and the
     * result says {@link ExecResult#timedOut()}.
     *
     * @param outputLimit the most bytes kept of each stream
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    ExecResult run(String containerId, Duration timeout, int outputLimit);

    /** Every container, running or not, that carries all the given labels (an empty map lists all). */
    List<ContainerSummary> list(Map<String, String> labels);

    /**
     * The last lines of a container's output.
     *
     * @param tailLines at most this many lines of each stream
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    ContainerLogs logs(String containerId, int tailLines);

    /**
     * One sample of a container's resource use.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such container
     */
    ContainerStats stats(String containerId);

    /**
     * Creates a bridge network.
     *
     * @return the engine's network id
     * @throws ContainerRuntimeException.Conflict if the name is taken
     */
    String createNetwork(NetworkSpec spec);

    /**
     * Removes a network.
     *
     * @throws ContainerRuntimeException.NotFound if there is no such network
     * @throws ContainerRuntimeException.Conflict if containers are still attached to it
     */
    void removeNetwork(String networkId);

    /** Every network that carries all the given labels. */
    List<NetworkSummary> networks(Map<String, String> labels);

    /**
     * One network, by name or id (such as the engine's default {@value ContainerSpec#DEFAULT_NETWORK}).
     *
     * @throws ContainerRuntimeException.NotFound if there is none
     */
    NetworkSummary network(String nameOrId);

    /**
     * How many calls reach the engine at once; further calls wait their turn, and fail with a {@code Timeout} when
     * it does not come in time. Bulk work (stopping hundreds of instances) should keep no more calls than this
     * in flight: more would only wait in line, and the last in line could time out. Unbounded by default.
     */
    default int concurrency() {
        return Integer.MAX_VALUE;
    }
}
