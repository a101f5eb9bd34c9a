package io.tempos.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code tempos bench all}: every benchmark of the paper's section VI, each with its same-run
 * baselines, in one run — delivery (Fig. 4), processing (Table 2, Fig. 5/6) and full stack
 * (Fig. 7) — written as one JSON document and one HTML report. Processing needs the built
 * functions and the C raw-limit program under the working directory; where they are missing the
 * run says so and goes on without it.
 */
public final class AllBench {

    /** Where processing finds the built functions and the C raw limits: the repository's root is the working directory. */
    static final Path FUNCTIONS = Path.of("functions");
    static final Path BASELINES = Path.of("bench/target/baselines");

    /**
     * How long each part runs.
     *
     * @param deliveryS measured seconds per delivery case (and its relay)
     * @param stepS     measured seconds per full-stack step (and per relay rate)
     * @param warmupS   warm-up before each case and step
     */
    public enum Profile {
        /** A look at everything in under 5 minutes: the strict level parks, as configured by default. */
        QUICK(3, 2, 0.5, 1, List.of(Waits.DEFAULT), List.of()),
        /**
         * The paper's durations: 5 minutes per delivery case, per full-stack ramp (7 steps of 43 s) and per processing
         * run; and the strict wait strategies compared on the strict flow alone and beside 3 best-effort flows.
         */
        PAPER(300, 43, 2, 300, Waits.NAMES, List.of(Targets.ALONE, Targets.WITH_3_BQ));

        final int deliveryS;
        final int stepS;
        final double warmupS;
        final int processingS;
        /** The strict waits of the delivery part: every case runs with the first, {@link #waitCases} with each. */
        final List<String> waits;
        final List<String> waitCases;

        Profile(int deliveryS, int stepS, double warmupS, int processingS, List<String> waits, List<String> waitCases) {
            this.deliveryS = deliveryS;
            this.stepS = stepS;
            this.warmupS = warmupS;
            this.processingS = processingS;
            this.waits = waits;
            this.waitCases = waitCases;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the profiles when there is no such one */
        public static Profile named(String label) {
            for (Profile p : values()) {
                if (p.label().equals(label)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("--profile " + label + ": no such profile; profiles: [quick, paper]");
        }
    }

    /**
     * @param json   where to write the one JSON document, or null
     * @param report where to write the one HTML report, or null
     */
    public record Options(Profile profile, Path function, Path event, Path json, Path report) {

        /** What the delivery part runs: every case at the profile's duration, parked, and the profile's wait comparison. */
        DeliveryBench.Options delivery() {
            return new DeliveryBench.Options(profile.deliveryS, profile.warmupS, DeliveryBench.CASES, profile.waits, profile.waitCases,
                    function, event, null, null);
        }

        /**
         * What the processing part runs: every method at the profile's duration.
         *
         * @throws IllegalArgumentException naming what is missing (functions not built, …)
         */
        ProcessingBench.Options processing() {
            return new ProcessingBench.Options(profile.processingS, ProcessingBench.METHODS, FUNCTIONS, BASELINES, event, null, null);
        }

        /** What the full-stack part runs: every phase over the paper's rates at the profile's step. */
        FullStackBench.Options fullStack() {
            return new FullStackBench.Options(profile.stepS, profile.warmupS, FullStackBench.RATES, FullStackBench.PHASES, function,
                    event, null, null);
        }
    }

    /**
     * The one JSON document of a run.
     *
     * @param processing null when it could not run (see {@code notes})
     */
    record Results(String scenario, String profile, String startedAt, DeliveryResults.Machine machine, DeliveryResults.Report delivery,
                   ProcessingResults.Report processing, FullStackResults.Report fullstack, List<String> notes) {
    }

    private final Options options;
    private final DeliveryBench delivery;
    private final FullStackBench fullStack;

    public AllBench(Options options) {
        this(options, new DeliveryBench(options.delivery()), new FullStackBench(options.fullStack()));
    }

    /** With the parts given: tests run smaller ones. */
    AllBench(Options options, DeliveryBench delivery, FullStackBench fullStack) {
        this.options = options;
        this.delivery = delivery;
        this.fullStack = fullStack;
    }

    public void run(PrintStream out) throws IOException, InterruptedException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Profile profile = options.profile();
        String waits = profile.waitCases.isEmpty() ? ""
                : "; strict waits " + String.join(", ", profile.waits) + " on " + String.join(" and ", profile.waitCases);
        out.printf(Locale.ROOT, "tempos bench all --profile %s: delivery (%d s per case%s), processing (%d s per run), fullstack (%d s per step), "
                + "%.1f s warm-ups%n", profile.label(), profile.deliveryS, waits, profile.processingS, profile.stepS, profile.warmupS);
        out.println("== delivery (Fig. 4)");
        DeliveryResults.Report deliveryReport = delivery.measure(out);
        out.println("== processing (Table 2, Fig. 5 and 6)");
        List<String> notes = new ArrayList<>();
        ProcessingResults.Report processingReport = null;
        try {
            processingReport = new ProcessingBench(options.processing()).measure(out);
        } catch (IllegalArgumentException e) {
            String note = "processing (Table 2, Fig. 5/6) not run: " + e.getMessage();
            notes.add(note);
            out.println("NOTICE: " + note);
        }
        out.println("== fullstack (Fig. 7)");
        FullStackResults.Report fullStackReport = fullStack.measure(out);
        Results results = new Results("all", options.profile().label(), startedAt, DeliveryResults.Machine.current(), deliveryReport,
                processingReport, fullStackReport, List.copyOf(notes));
        if (options.json() != null) {
            DeliveryResults.JSON.writeValue(options.json().toFile(), results);
            out.println("results: " + options.json());
        }
        if (options.report() != null) {
            HtmlReport.write(html(results), options.report());
            out.println("report: " + options.report());
        }
    }

    /** The report of a run: both figures' sections on one page. */
    static String html(Results results) {
        StringBuilder body = new StringBuilder();
        body.append("<p>Profile <b>").append(HtmlReport.esc(results.profile())).append("</b>, started ")
                .append(HtmlReport.esc(results.startedAt())).append(" on ").append(HtmlReport.machine(results.machine())).append(".</p>\n");
        for (String note : results.notes()) {
            body.append("<p><i>").append(HtmlReport.esc(note)).append("</i></p>\n");
        }
        if (results.delivery() != null) {
            body.append("<h2>Delivery (Fig. 4)</h2>\n").append(HtmlReport.deliverySection(results.delivery()));
        }
        if (results.processing() != null) {
            body.append("<h2>Processing (Table 2, Fig. 5 and 6)</h2>\n").append(ProcessingReport.section(results.processing()));
        }
        if (results.fullstack() != null) {
            body.append("<h2>Full stack (Fig. 7)</h2>\n").append(FullStackHtml.section(results.fullstack()));
        }
        return HtmlReport.page("Tempos benchmarks", body.toString());
    }

    /** Writes the HTML report of the run saved as {@code json} (by {@code bench all --json}) to {@code html}. */
    public static void report(Path json, Path html) throws IOException {
        HtmlReport.write(html(DeliveryResults.JSON.readValue(json.toFile(), Results.class)), html);
    }
}
