package dev.arena.platform.internal;

import org.springframework.context.ApplicationContext;

/** The connection on which the Arena node a test runs listens for notices, for tests that break it. */
public final class ListeningConnection {

    private ListeningConnection() {
    }

    /** The server process of the node's listening connection, or -1 while none listens. */
    public static int backend(ApplicationContext node) {
        return node.getBean(NoticeListener.class).backend();
    }
}
