package dev.arena.platform.internal;

import dev.arena.platform.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Without an SMTP server, mail is written to the log so its links can still be followed. */
final class LoggedMail implements Mail {

    private static final Logger log = LoggerFactory.getLogger(LoggedMail.class);

    @Override
    public void send(String to, String subject, String body) {
        log.info("Mail to {} — {}\n{}", to, subject, body);
    }
}
