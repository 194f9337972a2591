package dev.arena.runtime.docker;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;

/**
 * A feed's input for an attachment: the script, then no end until {@link #close()}. The engine ends an
 * attachment's output as soon as its input ends (for a container whose input stays open), so the input must
 * outlast the script's run.
 */
final class HeldOpenInput extends InputStream {

    private final ByteArrayInputStream script;
    private final CountDownLatch closed = new CountDownLatch(1);

    HeldOpenInput(byte[] script) {
        this.script = new ByteArrayInputStream(script);
    }

    @Override
    public int read() {
        int b = script.read();
        return b >= 0 ? b : endWhenClosed();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int n = script.read(buffer, offset, length);
        return n > 0 || length == 0 ? n : endWhenClosed();
    }

    private int endWhenClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
