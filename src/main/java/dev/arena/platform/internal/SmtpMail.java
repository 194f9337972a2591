package dev.arena.platform.internal;

import dev.arena.platform.Mail;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Mail through the configured SMTP server. */
final class SmtpMail implements Mail {

    private final JavaMailSender sender;

    SmtpMail(JavaMailSender sender) {
        this.sender = sender;
    }

    @Override
    public void send(String to, String subject, String body) {
        var message = new SimpleMailMessage();
        message.setTo(to);
        message.setSubject(subject);
        message.setText(body);
        sender.send(message);
    }
}
