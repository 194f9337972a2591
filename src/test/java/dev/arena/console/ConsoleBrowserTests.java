package dev.arena.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.arena.identity.Tenants;
import dev.arena.runtime.spi.ArenaLabels;
import dev.arena.support.Api;
import dev.arena.support.ArenaTest;
import dev.arena.support.RecordedMail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, set up by
 * {@code scripts/setup.sh browser}) against a whole Arena and the real Docker engine: a player starts an
 * instance and watches its countdown, an operator sees it and stops it, and the player's page follows; an
 * operator lets Arena manage a container, restarts it, reads its logs, schedules it (and moves the schedule), sets a
 * runtime setting and reads the chat-ops log; an operator sets up a challenge (a refused form first) that a player then
 * sees; an admin grants a member a role and maps a Discord role (a refused id first).
 * Every page visited is saved as {@code target/screenshots/<page>.png}.
 */
@ArenaTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:console-browser;DB_CLOSE_DELAY=-1", "arena.evaluations.workers=1",
        "arena.evaluations.warm-pool-size=0", "arena.tenancy.operator-emails=" + ConsoleBrowserTests.OPERATOR})
class ConsoleBrowserTests {

    /** The project's admin is also one of Arena's operators, who see the evaluation queue. */
    static final String OPERATOR = "console-operator@example.test";

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String DOCKER_HOST = System.getProperty("arena.test.docker-host", "unix:///var/run/docker.sock");

    @LocalServerPort
    int port;

    @Autowired
    RecordedMail mail;

    private Api operatorApi;
    private String org = "";
    private String project = "";
    private String playerEmail = "";
    private String operatorEmail = "";
    private WebDriver player;
    private WebDriver operator;
    private DockerClient engine;
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    void setUp() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        var docker = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(DOCKER_HOST).build();
        engine = DockerClientImpl.getInstance(docker, new ApacheDockerHttpClient.Builder().dockerHost(URI.create(DOCKER_HOST)).build());
        operatorEmail = OPERATOR;
        operatorApi = signedIn(operatorEmail);
        Api.at(port).post("/v1/auth/verify-email", Map.of("token", mail.lastToken(OPERATOR, "art_").orElseThrow()));
        org = operatorApi.createOrg("Range Ops");
        project = operatorApi.createProject(org, "spring-ctf");
        var challenge = operatorApi.post("/v1/projects/" + project + "/challenges", Map.of(
                "name", "web-101", "image", "arena/busybox:1", "command", List.of("httpd", "-f", "-p", "8080", "-h", "/www"),
                "ports", List.of(8080), "memoryMib", 32, "lifetimeSeconds", 600, "extensionSeconds", 300, "maxExtensions", 2,
                "flagTemplate", "flag{web}", "flagFile", "/www/flag.txt"));
        assertThat(challenge.status()).as(challenge.toString()).isEqualTo(201);

        playerEmail = Api.email("pat");
        Api playerApi = signedIn(playerEmail);
        Tenants.join(operatorApi, org, playerApi, "member", mail);
        var granted = operatorApi.put("/v1/projects/" + project + "/grants/user/" + Tenants.userId(playerApi), Map.of("role", "reader"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);

        player = chromium(new Dimension(412, 915));
        operator = chromium(new Dimension(1280, 900));
    }

    @AfterAll
    void tearDown() {
        containers.forEach(id -> engine.removeContainerCmd(id).withForce(true).exec());
        for (WebDriver driver : new WebDriver[] {player, operator}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (operatorApi != null) {
            operatorApi.get("/v1/projects/" + project + "/instances?live=true").json().path("items")
                    .forEach(i -> operatorApi.delete("/v1/projects/" + project + "/instances/" + i.path("id").asString()));
        }
    }

    @Test
    void aPlayerStartsAnInstanceAndAnOperatorStopsIt() throws Exception {
        String projectPage = base() + "/console/projects/" + project;

        player.get(projectPage);
        waitFor(player).until(ExpectedConditions.urlToBe(base() + "/console/login"));
        screenshot(player, "login");
        signIn(player, playerEmail);
        waitFor(player).until(ExpectedConditions.urlToBe(base() + "/console"));
        assertThat(player.findElement(By.className("project-link")).getText()).isEqualTo("spring-ctf");
        screenshot(player, "projects");

        player.findElement(By.className("project-link")).click();
        waitFor(player).until(ExpectedConditions.textToBePresentInElementLocated(By.className("status"), "not started"));
        assertThat(player.findElements(By.id("nav-instances"))).as("a player sees no operator pages").isEmpty();
        assertThat(player.findElements(By.id("nav-containers"))).isEmpty();
        assertThat(player.findElements(By.id("nav-settings"))).isEmpty();
        screenshot(player, "challenges");

        player.findElement(By.className("start")).click();
        WebElement countdown = waitFor(player).until(ExpectedConditions.visibilityOfElementLocated(By.className("countdown")));
        assertThat(player.findElement(By.className("status")).getText()).isEqualTo("running");
        waitFor(player).until(d -> d.findElement(By.className("countdown")).getText().matches("\\d+:\\d\\d"));
        int first = seconds(player.findElement(By.className("countdown")).getText());
        assertThat(first).isBetween(590, 600);
        waitFor(player).until(d -> seconds(d.findElement(By.className("countdown")).getText()) <= first - 2);
        String address = player.findElement(By.cssSelector(".connection code")).getText();
        assertThat(address).matches("localhost:\\d+");
        screenshot(player, "instance-running");

        player.findElement(By.cssSelector(".flag input[name=flag]")).sendKeys(fetch("http://" + address + "/flag.txt").strip());
        player.findElement(By.cssSelector(".flag button")).click();
        waitFor(player).until(ExpectedConditions.visibilityOfElementLocated(By.className("flag-correct")));
        screenshot(player, "flag-correct");

        operator.get(base() + "/console/login");
        signIn(operator, operatorEmail);
        waitFor(operator).until(ExpectedConditions.urlToBe(base() + "/console"));
        operator.get(projectPage + "/instances");
        WebElement row = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#instances tbody tr")));
        assertThat(row.getText()).contains("web-101", "running", address);
        screenshot(operator, "instances");

        row.findElement(By.className("stop")).click();
        waitFor(operator).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("no-instances")));
        operator.get(projectPage + "/instances?status=stopped");
        assertThat(operator.findElement(By.cssSelector("#instances tbody tr")).getText()).contains("web-101", "stopped");
        screenshot(operator, "instances-stopped");

        waitFor(player).until(ExpectedConditions.textToBePresentInElementLocated(By.className("status"), "stopped"));
        assertThat(player.findElements(By.className("countdown"))).isEmpty();
        assertThat(player.findElement(By.className("start")).isDisplayed()).isTrue();
        screenshot(player, "instance-stopped");

        operator.get(projectPage + "/evaluations");
        new org.openqa.selenium.support.ui.Select(operator.findElement(By.id("language"))).selectByValue("shell");
        operator.findElement(By.id("source")).sendKeys("echo hello from the console");
        operator.findElement(By.id("run")).click();
        WebElement result = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#result .stdout")));
        assertThat(result.getText()).isEqualTo("hello from the console");
        assertThat(operator.findElement(By.cssSelector("#result .status")).getText()).isEqualTo("completed");
        ((org.openqa.selenium.JavascriptExecutor) operator).executeScript("arguments[0].scrollIntoView()", result);
        screenshot(operator, "evaluations");

        operator.get(base() + "/console/queue");
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("queued"))).getText()).isEqualTo("0");
        screenshot(operator, "queue");

        operator.get(base() + "/console/latency");
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("latency"))).getText())
                .contains("POST /console/projects/{projectId}/challenges/{challengeId}/start");
        screenshot(operator, "latency");

        operator.get(projectPage + "/audit");
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("audit"))).getText())
                .contains("ProjectCreated");
        screenshot(operator, "audit");

        operator.get(projectPage + "/threats");
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("events-per-minute")));
        screenshot(operator, "threats");

        operator.get(projectPage + "/mech");
        operator.findElement(By.id("donation-amount")).sendKeys("12.5");
        operator.findElement(By.id("donation-donor")).sendKeys("a kind player");
        operator.findElement(By.id("donate-button")).click();
        waitFor(operator).until(ExpectedConditions.textToBe(By.id("mech-total"), "12.50"));
        screenshot(operator, "mech");
    }

    @Test
    void anOperatorRestartsAManagedContainerReadsItsLogsSchedulesItAndSetsASetting() throws Exception {
        String containerId = engine.createContainerCmd("arena/busybox:1")
                .withCmd("sh", "-c", "echo booted-$$; trap 'exit 0' TERM; while true; do sleep 1; done")
                .withLabels(new ArenaLabels("service", "web-cache", project, "ops").asMap())
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        containers.add(containerId);
        engine.startContainerCmd(containerId).exec();
        String startedBefore = engine.inspectContainerCmd(containerId).exec().getState().getStartedAt();
        String projectPage = base() + "/console/projects/" + project;

        operator.get(base() + "/console/login");
        signIn(operator, operatorEmail);
        waitFor(operator).until(ExpectedConditions.urlToBe(base() + "/console"));
        operator.get(projectPage + "/containers");
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("manage-name"))).sendKeys("web-cache");
        operator.findElement(By.id("manage-container-id")).sendKeys(containerId);
        for (String action : List.of("start", "stop", "restart", "logs")) {
            operator.findElement(By.id("manage-" + action)).click();
        }
        operator.findElement(By.id("save-container")).click();
        WebElement row = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("container-web-cache")));
        assertThat(row.getText()).contains("web-cache", "running");
        screenshot(operator, "containers");

        row.findElement(By.className("restart")).click();
        waitFor(operator).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(operator).until(d -> !d.findElements(By.cssSelector("#reply .done")).isEmpty() || !d.findElement(By.id("flash")).getText().isBlank());
        assertThat(operator.findElement(By.id("flash")).getText()).as("the alert box").isEmpty();
        assertThat(operator.findElement(By.cssSelector("#reply .done")).getText()).isEqualTo("The container web-cache was restarted.");
        var state = engine.inspectContainerCmd(containerId).exec().getState();
        assertThat(state.getRunning()).isTrue();
        assertThat(state.getStartedAt()).as("started again").isNotEqualTo(startedBefore);

        operator.findElement(By.cssSelector("#container-web-cache .logs")).click();
        WebElement logs = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#reply pre.logs")));
        assertThat(logs.getText()).contains("Last lines of web-cache:", "booted-");
        assertThat(logs.getText().split("booted-", -1)).as("one line per start").hasSize(3);
        screenshot(operator, "container-logs");

        operator.get(projectPage + "/schedules");
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-name"))).sendKeys("nightly-restart");
        operator.findElement(By.id("schedule-cron")).sendKeys("0 0 4 * * *");
        new Select(operator.findElement(By.id("schedule-action"))).selectByValue("restart");
        new Select(operator.findElement(By.id("schedule-target"))).selectByValue("container:web-cache");
        operator.findElement(By.id("create-schedule")).click();
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("schedules"))).getText())
                .contains("nightly-restart", "0 0 4 * * *", "restart web-cache", "never");
        WebElement scheduleRow = operator.findElement(By.xpath("//table[@id='schedules']//tr[td[text()='nightly-restart']]"));
        scheduleRow.findElement(By.cssSelector(".retime summary")).click();
        WebElement cron = waitFor(operator).until(ExpectedConditions.elementToBeClickable(scheduleRow.findElement(By.className("retime-cron"))));
        cron.clear();
        cron.sendKeys("0 30 4 * * *");
        scheduleRow.findElement(By.className("save-timing")).click();
        waitFor(operator).until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedules"), "0 30 4 * * *"));
        screenshot(operator, "schedules");

        operator.findElement(By.id("nav-settings")).click();
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("setting-name"))).sendKeys("llm.api-key");
        operator.findElement(By.id("setting-value")).sendKeys("sk-console-secret");
        operator.findElement(By.id("save-setting")).click();
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("settings"))).getText())
                .contains("llm.api-key", "set");
        assertThat(operator.getPageSource()).doesNotContain("sk-console-secret");
        screenshot(operator, "settings");

        operator.get(projectPage + "/audit");
        assertThat(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("audit"))).getText())
                .contains("console", "container restart web-cache", "container logs web-cache", "ok");
        screenshot(operator, "audit-chatops");
    }

    @Test
    void anAdminGrantsAMemberARoleAndMapsADiscordRole() throws Exception {
        Api newcomer = signedIn(Api.email("nia"));
        Tenants.join(operatorApi, org, newcomer, "member", mail);
        String newcomerId = Tenants.userId(newcomer);
        operator.get(base() + "/console/login");
        signIn(operator, operatorEmail);
        waitFor(operator).until(ExpectedConditions.urlToBe(base() + "/console"));
        operator.get(base() + "/console/projects/" + project);

        waitFor(operator).until(ExpectedConditions.elementToBeClickable(By.id("nav-grants"))).click();
        new Select(waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("grant-subject"))))
                .selectByValue("user:" + newcomerId);
        new Select(operator.findElement(By.id("grant-role"))).selectByValue("writer");
        operator.findElement(By.id("save-grant")).click();
        WebElement grant = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("grant-user-" + newcomerId)));
        assertThat(grant.findElement(By.className("role")).getText()).isEqualTo("writer");
        assertThat(operatorApi.get("/v1/projects/" + project + "/grants").body()).contains("\"subjectId\":\"" + newcomerId + "\",")
                .contains("\"role\":\"writer\"");
        screenshot(operator, "grants");

        operator.findElement(By.id("nav-discord")).click();
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("mapping-id"))).sendKeys("@players");
        new Select(operator.findElement(By.id("mapping-role"))).selectByValue("reader");
        operator.findElement(By.id("save-mapping")).click();
        WebElement problem = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mapping-problem .problem")));
        assertThat(problem.getText()).contains("422", "a Discord id is a number");
        assertThat(operator.findElement(By.id("mapping-id")).getAttribute("aria-invalid")).isEqualTo("true");
        operator.findElement(By.id("mapping-id")).clear();
        operator.findElement(By.id("mapping-id")).sendKeys("123456789012345678");
        operator.findElement(By.id("save-mapping")).click();
        WebElement mapping = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("mapping-role-123456789012345678")));
        assertThat(mapping.findElement(By.className("role")).getText()).isEqualTo("reader");
        screenshot(operator, "discord");
    }

    @Test
    void anOperatorSetsUpAChallengeInTheBrowserAndAPlayerSeesIt() throws Exception {
        String projectPage = base() + "/console/projects/" + project;
        operator.get(base() + "/console/login");
        signIn(operator, operatorEmail);
        waitFor(operator).until(ExpectedConditions.urlToBe(base() + "/console"));
        operator.get(projectPage);
        waitFor(operator).until(ExpectedConditions.elementToBeClickable(By.id("nav-setup"))).click();
        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-web-101")));
        operator.findElement(By.id("new-challenge")).click();

        waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-name"))).sendKeys("crypto-201");
        operator.findElement(By.id("challenge-image")).sendKeys("arena/busybox:1");
        operator.findElement(By.id("challenge-ports")).sendKeys("9090");
        operator.findElement(By.id("challenge-memory")).sendKeys("lots");
        operator.findElement(By.id("challenge-max-extensions")).sendKeys("1");
        operator.findElement(By.id("challenge-flag")).sendKeys("flag{crypto_201}");
        operator.findElement(By.id("save-challenge")).click();
        WebElement problem = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#challenge-problem .problem")));
        assertThat(problem.getText()).contains("422", "memoryMib must be a number");
        assertThat(operator.findElement(By.id("challenge-memory")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(operator.findElement(By.id("flash")).getText()).as("the alert box").isEmpty();
        ((org.openqa.selenium.JavascriptExecutor) operator).executeScript("arguments[0].scrollIntoView({block: 'center'})", problem);
        screenshot(operator, "challenge-form-problem");

        operator.findElement(By.id("challenge-memory")).clear();
        operator.findElement(By.id("challenge-memory")).sendKeys("48");
        operator.findElement(By.id("save-challenge")).click();
        WebElement row = waitFor(operator).until(ExpectedConditions.visibilityOfElementLocated(By.id("challenge-crypto-201")));
        assertThat(row.getText()).contains("crypto-201", "arena/busybox:1", "9090", "48 MiB", "flag{crypto_201}");
        screenshot(operator, "challenge-setup");

        player.get(base() + "/console/login");
        signIn(player, playerEmail);
        waitFor(player).until(ExpectedConditions.urlToBe(base() + "/console"));
        player.get(projectPage);
        assertThat(player.findElements(By.id("nav-setup"))).as("a player sets nothing up").isEmpty();
        WebElement section = waitFor(player).until(d -> d.findElements(By.cssSelector("section.challenge")).stream()
                .filter(c -> c.findElement(By.tagName("h2")).getText().equals("crypto-201")).findFirst().orElse(null));
        assertThat(section.findElement(By.className("status")).getText()).isEqualTo("not started");
        assertThat(section.findElement(By.className("start")).isDisplayed()).isTrue();
        ((org.openqa.selenium.JavascriptExecutor) player).executeScript("arguments[0].scrollIntoView()", section);
        screenshot(player, "challenge-for-player");
        player.manage().deleteAllCookies();

        operator.findElement(By.cssSelector("#challenge-crypto-201 .delete")).click();
        waitFor(operator).until(ExpectedConditions.alertIsPresent()).accept();
        waitFor(operator).until(ExpectedConditions.invisibilityOfElementLocated(By.id("challenge-crypto-201")));
        assertThat(operatorApi.get("/v1/projects/" + project + "/challenges").body()).doesNotContain("crypto-201");
    }

    private static ChromeDriver chromium(Dimension size) {
        // Set both paths so Selenium Manager never looks for (or downloads) a browser or a driver.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        var options = new ChromeOptions().setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=" + size.getWidth() + "," + size.getHeight());
        var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).build();
        return new ChromeDriver(service, options);
    }

    private void signIn(WebDriver driver, String email) {
        waitFor(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("email"))).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.id("sign-in")).click();
    }

    private Api signedIn(String email) {
        Api api = Api.at(port);
        api.post("/v1/auth/register", Map.of("email", email, "password", Api.PASSWORD, "displayName", email));
        return api.bearer(api.post("/v1/auth/login", Map.of("email", email, "password", Api.PASSWORD, "client", "cli")).text("token"));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private static int seconds(String countdown) {
        String[] parts = countdown.split(":");
        int total = 0;
        for (String part : parts) {
            total = total * 60 + Integer.parseInt(part);
        }
        return total;
    }

    private static void screenshot(WebDriver driver, String page) throws IOException {
        Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String fetch(String url) throws Exception {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
