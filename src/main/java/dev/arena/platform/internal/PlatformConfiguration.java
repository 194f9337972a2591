package dev.arena.platform.internal;

import dev.arena.platform.BodyLimit;
import dev.arena.platform.Ids;
import dev.arena.platform.Mail;
import dev.arena.platform.PlatformSettings;
import dev.arena.platform.ProblemWriter;
import dev.arena.platform.RateLimiter;
import dev.arena.platform.RedisSettings;
import dev.arena.platform.SecretBox;
import java.time.Clock;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import tools.jackson.databind.json.JsonMapper;

/** Wires the shared kernel's services from {@link PlatformSettings}. */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT5M")
@EnableConfigurationProperties({PlatformSettings.class, RedisSettings.class})
class PlatformConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Ids ids(Clock clock, PlatformSettings settings, WorkerLeases leases) {
        Integer configured = settings.workerId();
        return new Ids(clock, configured != null ? configured : leases.acquire());
    }

    @Bean
    SecretBox secretBox(PlatformSettings settings) {
        return MasterKeys.secretBox(settings);
    }

    @Bean(destroyMethod = "close")
    RateLimiters rateLimiters(RedisSettings redis, Clock clock) {
        return RateLimiters.create(redis, clock);
    }

    @Bean
    RateLimiter rateLimiter(RateLimiters limiters) {
        return limiters.limiter();
    }

    @Bean
    NodeNotices notices(DataSource dataSource) {
        return NodeNotices.on(dataSource);
    }

    @Bean
    NoticeListener noticeListener(DataSource dataSource, NodeNotices notices, PlatformSettings settings) {
        return new NoticeListener(dataSource, notices, settings.noticeListenerRetry());
    }

    @Bean
    CacheBroadcast sharedCaches(NodeNotices notices) {
        return CacheBroadcast.on(notices);
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }

    @Bean
    Mail mail(ObjectProvider<JavaMailSender> sender) {
        JavaMailSender smtp = sender.getIfAvailable();
        return smtp != null ? new SmtpMail(smtp) : new LoggedMail();
    }

    @Bean
    ProblemWriter problemWriter(JsonMapper json) {
        return new ProblemWriter(json);
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(PlatformSettings settings, ProblemWriter problems,
                                                                          ObjectProvider<BodyLimit> limits) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimitFilter(settings.maxRequestSize().toBytes(),
                limits.orderedStream().toList(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
