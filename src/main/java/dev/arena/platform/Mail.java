package dev.arena.platform;

/**
 * Sends a plain-text mail. Through the configured SMTP server ({@code spring.mail.host}) when there is
 * one; otherwise the mail is written to the log, so a laptop install still shows the links it contains.
 */
public interface Mail {

    void send(String to, String subject, String body);
}
