package dev.arena.console.pages;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shows the modules' RFC 9457 problems to a browser as pages. Every module, the security chain and the
 * framework keep answering console requests with their one problem mapping; this filter catches a
 * response whose body is {@code application/problem+json} and renders it instead: 401 becomes a redirect
 * to the sign-in page, anything else a page (or, for an htmx request, a fragment swapped into the page's
 * {@code #flash} box) with the same status, title and detail. A form that keeps its problems next to its
 * fields aims its request at a box of its own whose id ends in {@value #PROBLEM_BOX}; the fragment goes there
 * instead, naming the problem's {@code field} so the page can mark that input. Other responses pass through
 * unbuffered, and so do all responses to a client that asks for JSON only.
 */
final class ProblemPages extends OncePerRequestFilter {

    /** How the id of a form's own problem box ends, e.g. {@code challenge-problem}. */
    static final String PROBLEM_BOX = "-problem";
    private static final Pattern BOX_ID = Pattern.compile("[a-z][a-z0-9-]{0,60}" + PROBLEM_BOX);

    private final SpringTemplateEngine templates;
    private final JsonMapper json;

    ProblemPages(SpringTemplateEngine templates, JsonMapper json) {
        this.templates = templates;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!wantsPage(request)) {
            chain.doFilter(request, response);
            return;
        }
        var catcher = new ProblemCatcher(response);
        chain.doFilter(request, catcher);
        if (catcher.problem == null) {
            return;
        }
        Map<?, ?> problem = json.readValue(catcher.problem.toByteArray(), Map.class);
        boolean htmx = request.getHeader("HX-Request") != null;
        if (catcher.status == HttpServletResponse.SC_UNAUTHORIZED) {
            signIn(response, htmx);
            return;
        }
        response.setStatus(catcher.status);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (htmx) {
            response.setHeader("HX-Retarget", "#" + box(request));
            response.setHeader("HX-Reswap", "innerHTML");
        }
        var context = new WebContext(JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response));
        context.setVariable("status", catcher.status);
        context.setVariable("title", String.valueOf(problem.get("title")));
        context.setVariable("detail", String.valueOf(problem.get("detail")));
        context.setVariable("field", problem.get("field") instanceof String field ? field : null);
        context.setVariable("htmx", htmx);
        templates.process("console/problem", htmx ? Set.of("problem") : Set.of(), context, response.getWriter());
    }

    /** Browsers and htmx get pages; an API client that asks for JSON (as the tests do) keeps the problem. */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return request.getHeader("HX-Request") != null || accept == null || accept.contains("text/html") || accept.contains("*/*");
    }

    /** Where an htmx request's problem goes: the form's own problem box when it aimed at one, else the alert box. */
    private static String box(HttpServletRequest request) {
        String target = request.getHeader("HX-Target");
        return target != null && BOX_ID.matcher(target).matches() ? target : "flash";
    }

    private static void signIn(HttpServletResponse response, boolean htmx) throws IOException {
        String login = ConsoleConfiguration.ROOT + "/login";
        if (htmx) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setHeader("HX-Redirect", login);
        } else {
            response.sendRedirect(login);
        }
    }

    /** Lets a response through unless its body turns out to be a problem, which it keeps instead. */
    private static final class ProblemCatcher extends HttpServletResponseWrapper {

        private @Nullable ByteArrayOutputStream problem;
        private int status = SC_OK;

        ProblemCatcher(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            status = sc;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            status = sc;
            super.sendError(sc);
        }

        private boolean isProblem() {
            String type = getContentType();
            return type != null && type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (!isProblem()) {
                return super.getOutputStream();
            }
            if (problem == null) {
                problem = new ByteArrayOutputStream();
            }
            ByteArrayOutputStream sink = problem;
            return new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("problem bodies are written blocking");
                }

                @Override
                public void write(int b) {
                    sink.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sink.write(b, off, len);
                }
            };
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            return isProblem() ? new PrintWriter(getOutputStream(), true, StandardCharsets.UTF_8) : super.getWriter();
        }

        /** The page that replaces a problem has another length; the container counts it. */
        @Override
        public void setContentLength(int len) {
            if (!isProblem()) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!isProblem()) {
                super.setContentLengthLong(len);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            if (!(isProblem() && name.equalsIgnoreCase("Content-Length"))) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void flushBuffer() throws IOException {
            if (problem == null) {
                super.flushBuffer();
            }
        }
    }
}
