package dev.aval.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.aval.credit.ImportMode;
import dev.aval.imports.ImportConfig;
import dev.aval.imports.ImportErrorView;
import dev.aval.imports.ImportService;
import dev.aval.imports.ImportSizeFilter;
import dev.aval.imports.ImportStatus;
import dev.aval.imports.ImportView;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * IMPORTAR (the wizard: create or update, the file, the job's live progress and failed rows) and
 * Histórico de importação. Uploads go through {@link ImportService#upload} like the API's, with the
 * console user as actor.
 */
@Path("/console/imports")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class ImportsPage {

    /** A form sent again (back, then another file) under the key of its first sending. */
    static final String ALREADY_SENT = "this form was already sent with another file; reload the page";

    static final String CSV = "text/csv;charset=UTF-8";

    /** Step 1: the mode to choose, preselected. */
    public record Start(ImportMode selected, String error) {

        public List<ImportMode> modes() {
            return Arrays.asList(ImportMode.values());
        }
    }

    /** Step 2: the mode chosen (null: none valid, choose again here), the dry-run box, the file limit, an error. */
    public record Upload(
            ImportMode mode, boolean dryRun, String maxSize, long maxBytes, String error, String fileError) {

        public List<ImportMode> modes() {
            return Arrays.asList(ImportMode.values());
        }
    }

    /** One import of the history. */
    public record Entry(ImportView job, ActorNames.Actor who) {}

    public record History(List<Entry> imports, String nextCursor, Paging paging) {}

    /** Step 3: the job, who sent it, its progress, and when it has ended its failed rows (a page of them). */
    public record Job(
            ImportView job,
            ActorNames.Actor who,
            boolean started,
            BigDecimal percent,
            String progressText,
            List<ImportErrorView> errors,
            String nextCursor,
            Paging paging) {

        public boolean finished() {
            return ImportsPage.finished(job.status());
        }

        /** The bar's fill without the script (the CSP allows no inline style): the percent down to a tenth. */
        public int step() {
            return percent.intValue() / 10 * 10;
        }
    }

    /** What the job page's script polls: small, read in one query. */
    public record Progress(
            ImportStatus status,
            String statusLabel,
            boolean finished,
            Integer total,
            int processed,
            int created,
            int updated,
            int unchanged,
            int failed,
            BigDecimal percent,
            String text) {}

    /**
     * The menu entry the wizard's steps 1 and 2 sit under: Contas, where IMPORTAR is (as their
     * breadcrumb says), not the history, which they are not.
     */
    private static final String WIZARD_NAV = "accounts";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance start(Start start, String nav);

        static native TemplateInstance upload(Upload form, String nav);

        static native TemplateInstance job(Job view, String nav);

        static native TemplateInstance history(History history, String nav);
    }

    @Inject
    ImportService imports;

    @Inject
    ImportConfig config;

    @Inject
    ActorNames actors;

    @Inject
    PageContext page;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    ErrorPages errorPages;

    @GET
    public Uni<TemplateInstance> history(@QueryParam("cursor") String cursor, @QueryParam("trail") String trail) {
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        return imports.history(page.distributorId(), Paging.PAGE_SIZE, at).chain(found -> {
            Set<String> actors = found.items().stream().map(ImportView::actor).collect(Collectors.toSet());
            return this.actors.of(page.distributorId(), actors).map(names -> {
                List<Entry> entries = found.items().stream()
                        .map(j -> new Entry(j, ActorNames.label(j.actor(), names, page.msg())))
                        .toList();
                return page.render(
                        Templates.history(new History(entries, found.nextCursor(), Paging.of(at, trail)), "imports"));
            });
        });
    }

    /** Step 1 without {@code mode} (or with an invalid one), step 2 with it. */
    @GET
    @Path("/new")
    public Response wizard(@QueryParam("mode") String mode, @QueryParam("choice") String choice, @Context UriInfo uri) {
        if (!page.mayWrite()) {
            return forbidden();
        }
        if (!uri.getQueryParameters().containsKey("mode")) {
            ImportMode selected = parseMode(choice);
            return ok(Templates.start(new Start(selected == null ? ImportMode.CREATE : selected, null), WIZARD_NAV));
        }
        ImportMode parsed = parseMode(mode);
        if (parsed == null) {
            return Response.status(400)
                    .entity(page.render(Templates.start(new Start(null, msg().choose_mode()), WIZARD_NAV)))
                    .build();
        }
        return ok(Templates.upload(upload(parsed, false, null, null), WIZARD_NAV));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<Response> upload(
            @RestForm String mode, @RestForm String dryRun, @RestForm String key, @RestForm("file") FileUpload file) {
        if (!page.mayWrite()) {
            return Uni.createFrom().item(forbidden());
        }
        ImportMode parsed = parseMode(mode);
        boolean dry = "true".equalsIgnoreCase(dryRun) || "on".equalsIgnoreCase(dryRun);
        if (parsed == null) {
            return Uni.createFrom().item(refused(400, upload(null, dry, msg().choose_mode(), null)));
        }
        boolean noName =
                file == null || file.fileName() == null || file.fileName().isBlank();
        if (file == null || noName && file.size() == 0) {
            return Uni.createFrom().item(refused(400, upload(parsed, dry, null, msg().file_missing())));
        }
        if (file.size() == 0) {
            return Uni.createFrom().item(refused(400, upload(parsed, dry, null, msg().file_empty())));
        }
        if (file.size() > maxBytes()) {
            return Uni.createFrom().item(refused(413, upload(parsed, dry, null, tooLarge())));
        }
        // under the form's one-time key: a second click, or the form sent again, starts no second job
        // but opens the first one (a click while the first is still being stored waits for it)
        String once = key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
        return FormInput.once(() -> imports.upload(
                        page.distributorId(),
                        parsed,
                        dry,
                        file.fileName(),
                        file.uploadedFile(),
                        once,
                        "/console/imports",
                        page.actor()))
                .map(answer -> {
                    if (answer.getStatus() >= 300) {
                        throw FormInput.replayed(json, answer);
                    }
                    String path = answer.getLocation().getPath();
                    String id = path.substring(path.lastIndexOf('/') + 1);
                    return Response.seeOther(URI.create("/console/imports/" + id + "?started=true"))
                            .build();
                })
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> {
                    ProblemException problem = (ProblemException) e;
                    String message = problem.status() == 413
                            ? tooLarge()
                            : FormInput.inPagesLanguage(
                                    "IDEMPOTENCY_KEY_REUSED".equals(problem.code())
                                            ? ALREADY_SENT
                                            : problem.getMessage());
                    return refused(
                            problem.status(),
                            upload(
                                    parsed,
                                    dry,
                                    problem.status() == 413 ? null : message,
                                    problem.status() == 413 ? message : null));
                });
    }

    /**
     * The template as a download: on pt-BR pages as a Brazilian spreadsheet opens and saves it
     * (UTF-8 with a BOM, {@code ;}, decimal comma — the API's comma-separated template opens as a
     * single column in a pt-BR Excel); in English, the API's template. The import reads both.
     */
    static final String SPREADSHEET_TEMPLATE = "\uFEFFdocumentType;document;email;creditLimit;tolerance\r\n"
            + "CPF;123.456.789-09;compras@cliente.com.br;1.500,00;10%\r\n";

    @GET
    @Path("/template.csv")
    @Produces(CSV)
    public Response template() {
        return Response.ok(page.english() ? ImportService.TEMPLATE : SPREADSHEET_TEMPLATE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"modelo-contas.csv\"")
                .build();
    }

    /** Step 3: the job; its failed rows, 50 at a time, once it has ended. */
    @GET
    @Path("/{importId}")
    public Uni<TemplateInstance> job(
            @PathParam("importId") String importId,
            @QueryParam("started") boolean started,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail) {
        String d = page.distributorId();
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        return imports.get(d, importId)
                .chain(job -> actors.of(d, List.of(job.actor() == null ? "" : job.actor()))
                        .chain(names -> failedRows(d, job, at)
                                .map(rows -> page.render(Templates.job(
                                        new Job(
                                                job,
                                                ActorNames.label(job.actor(), names, page.msg()),
                                                started,
                                                percent(job),
                                                progressText(job),
                                                rows.items(),
                                                rows.nextCursor(),
                                                Paging.of(at, trail)),
                                        "imports")))));
    }

    /** What the job page's script polls every ~700 ms while the job runs. */
    @GET
    @Path("/{importId}/progress")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Progress> progress(@PathParam("importId") String importId) {
        return imports.get(page.distributorId(), importId)
                .map(job -> new Progress(
                        job.status(),
                        msg().status(job.status()),
                        finished(job.status()),
                        job.totalRows(),
                        job.processedRows(),
                        job.createdCount(),
                        job.updatedCount(),
                        job.unchangedCount(),
                        job.failedCount(),
                        percent(job),
                        progressText(job)));
    }

    /**
     * The failed rows as the API's CSV (the columns as uploaded plus {@code error}), as a download to
     * fix in a spreadsheet and send back as it is.
     */
    @GET
    @Path("/{importId}/errors.csv")
    @Produces(CSV)
    public Multi<String> errorsCsv(@PathParam("importId") String importId) {
        // the language is read now: the rows are written later, outside this request's context
        java.util.function.Function<String, String> say =
                page.english() ? java.util.function.Function.identity() : ApiMessages::portuguese;
        String suffix = page.english() ? "-errors.csv" : "-erros.csv";
        String d = page.distributorId();
        // with a BOM, as the template: a pt-BR Excel reads the file as UTF-8 ("número", not "nÃºmero")
        return RestMulti.fromUniResponse(
                imports.get(d, importId)
                        .chain(job -> imports.errorsCsv(d, importId, say)
                                .map(rows -> new NamedCsv(
                                        failedRowsAttachment(job.fileName(), suffix),
                                        Multi.createBy()
                                                .concatenating()
                                                .streams(Multi.createFrom().item("\uFEFF"), rows)))),
                NamedCsv::rows,
                csv -> Map.of(HttpHeaders.CONTENT_DISPOSITION, List.of(csv.disposition())));
    }

    /** The failed rows and the name they are saved under. */
    private record NamedCsv(String disposition, Multi<String> rows) {}

    /**
     * The failed rows' Content-Disposition: the uploaded file's name with {@code suffix} for its
     * extension ({@code clientes-novembro.csv} → {@code clientes-novembro-erros.csv}), so the file
     * lands beside the original in Downloads; in UTF-8 (RFC 6266 / 8187) with an ASCII fallback.
     */
    static String failedRowsAttachment(String fileName, String suffix) {
        String base =
                fileName == null ? "" : fileName.replaceAll(".*[/\\\\]", "").replaceAll("\\p{Cntrl}", "");
        base = base.replaceAll("(?i)\\.(csv|txt)\\s*$", "").strip();
        if (base.isBlank()) {
            base = suffix.startsWith("-erros") ? "importacao" : "import";
        }
        if (base.codePointCount(0, base.length()) > 150) {
            base = base.substring(0, base.offsetByCodePoints(0, 150));
        }
        String name = base + suffix;
        String ascii = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private Uni<Page<ImportErrorView>> failedRows(String distributorId, ImportView job, String cursor) {
        if (!finished(job.status()) || job.failedCount() == 0) {
            return Uni.createFrom().item(new Page<>(List.of(), null));
        }
        return imports.errors(distributorId, job.id().toString(), Paging.PAGE_SIZE, cursor);
    }

    static boolean finished(ImportStatus status) {
        return status == ImportStatus.COMPLETED || status == ImportStatus.FAILED;
    }

    /** 0–100 with one decimal, for the bar; a completed job is 100. */
    static BigDecimal percent(ImportView job) {
        if (job.status() == ImportStatus.COMPLETED) {
            return BigDecimal.valueOf(100);
        }
        BigDecimal progress = job.progress() == null ? BigDecimal.ZERO : job.progress();
        return progress.movePointRight(2).setScale(1, RoundingMode.DOWN).max(BigDecimal.ZERO);
    }

    private String progressText(ImportView job) {
        if (job.totalRows() == null) {
            return finished(job.status()) ? "" : msg().progress_waiting();
        }
        return msg().progress_text(
                        ImportFormats.count(job.processedRows()),
                        ImportFormats.count(job.totalRows()),
                        ImportFormats.percent(percent(job)));
    }

    /**
     * What answers an upload on its headers, before its body is read (for the CSRF field, which
     * sits in it: {@link CsrfCheck}) — a VIEWER's, or one whose Content-Length is over the import
     * limit (a body sent without one is counted as it is stored) — or null to read it.
     */
    Response refusedBeforeReading(String contentLength) {
        if (!page.mayWrite()) {
            return forbidden();
        }
        // the page's uploads are multipart: the envelope is allowed for
        return ImportSizeFilter.tooLarge(contentLength, maxBytes(), true)
                ? refused(413, upload(null, false, null, tooLarge()))
                : null;
    }

    private Upload upload(ImportMode mode, boolean dryRun, String error, String fileError) {
        long max = maxBytes();
        return new Upload(mode, dryRun, ImportFormats.size(max), max, error, fileError);
    }

    private String tooLarge() {
        return msg().file_too_large(ImportFormats.size(maxBytes()));
    }

    private long maxBytes() {
        return config.maxFileSize().asLongValue();
    }

    private Response refused(int status, Upload form) {
        return Response.status(status)
                .entity(page.render(Templates.upload(form, WIZARD_NAV)))
                .build();
    }

    private Response ok(TemplateInstance template) {
        return Response.ok(page.render(template)).build();
    }

    private Response forbidden() {
        return errorPages.forbidden();
    }

    /** The texts in the page's language, for what Java words (errors, the progress JSON). */
    private ImportsMsg msg() {
        return page.english()
                ? MessageBundles.get(ImportsMsg.class, Localized.Literal.of("en"))
                : MessageBundles.get(ImportsMsg.class);
    }

    private static ImportMode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return null;
        }
        try {
            return ImportMode.valueOf(mode.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
