package io.tempos.bench;

import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventLogReader;
import io.tempos.core.eventlog.EventLogRecord;
import io.tempos.core.eventlog.EventLogs;
import io.tempos.core.eventlog.EventPoint;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code tempos analyze LOGDIR}: joins the event logs of a run's components by event id and
 * reports, per workflow, the latency of every span of the path (exact: every event, not a
 * sample), how many events each point of the path saw, and how many went missing between two
 * points — an event the trigger sent that no broker read, one the broker read and never sent on,
 * one the broker sent that no invoker ran.
 */
public final class EventLogAnalysis {

    private static final long HIGHEST_NANOS = 60_000_000_000L;

    /** A log file of the directory: which component, how many records, how many lost on a full ring. */
    public record LogFile(String file, String component, long records, long lost, boolean closed) {
    }

    /**
     * One workflow's events across the logs.
     *
     * @param events    distinct event ids seen anywhere
     * @param seen      events seen per point of the path ({@link EventPoint#label()})
     * @param missing   events seen at a point and not at the next one, by {@code from -> to}
     *                  (only between points whose component left a log)
     * @param outcomes  at the invoker: {@code completed}, or the reason the function failed
     * @param latencyUs per span label, events whose two hops were stamped (end to end: completed ones)
     */
    public record Workflow(String workflow, long events, Map<String, Long> seen, Map<String, Long> missing,
                           Map<String, Long> outcomes, Map<String, Percentiles> latencyUs) {
    }

    public record Result(String directory, List<LogFile> logs, List<Workflow> workflows) {
    }

    /** What one event left in the logs, merged. */
    private static final class Trace {
        final String workflow;
        final long[] stamps = new long[Hop.count()];
        final Set<EventPoint> seen = EnumSet.noneOf(EventPoint.class);
        DropReason invokerOutcome;

        Trace(String workflow) {
            this.workflow = workflow;
        }

        void add(EventLogRecord record) {
            seen.add(record.point());
            for (int i = 0; i < stamps.length; i++) {
                if (record.stamps()[i] != 0) {
                    stamps[i] = record.stamps()[i];
                }
            }
            if (record.point() == EventPoint.INVOKER) {
                invokerOutcome = record.dropped();
            }
        }
    }

    private EventLogAnalysis() {
    }

    /**
     * Reads every {@code *.events} file of {@code directory}.
     *
     * @throws IOException naming the directory when it holds no event log, or the file that is not one
     */
    public static Result analyze(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(EventLogs.SUFFIX)).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(directory + ": no event log (*" + EventLogs.SUFFIX + ") here; run the components with --event-log "
                    + directory);
        }
        Map<Long, Trace> traces = new HashMap<>();
        Set<EventPoint> logged = EnumSet.noneOf(EventPoint.class);
        List<LogFile> logs = new ArrayList<>();
        for (Path file : files) {
            EventLogReader.Summary summary = EventLogReader.read(file, record -> {
                logged.add(record.point());
                traces.computeIfAbsent(record.eventId(), id -> new Trace(record.workflow())).add(record);
            });
            logs.add(new LogFile(file.getFileName().toString(), summary.component(), summary.records(), summary.lost(), summary.closed()));
        }
        Map<String, List<Trace>> byWorkflow = new TreeMap<>();
        traces.values().forEach(t -> byWorkflow.computeIfAbsent(t.workflow, w -> new ArrayList<>()).add(t));
        List<Workflow> workflows = new ArrayList<>();
        byWorkflow.forEach((name, list) -> workflows.add(workflow(name, list, logged)));
        return new Result(directory.toString(), logs, workflows);
    }

    private static Workflow workflow(String name, List<Trace> traces, Set<EventPoint> logged) {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (EventPoint point : EventPoint.values()) {
            if (logged.contains(point)) {
                seen.put(point.label(), traces.stream().filter(t -> t.seen.contains(point)).count());
            }
        }
        Map<String, Long> missing = new LinkedHashMap<>();
        EventPoint[] path = EventPoint.values();
        for (int i = 0; i + 1 < path.length; i++) {
            EventPoint from = path[i];
            EventPoint to = path[i + 1];
            if (logged.contains(from) && logged.contains(to)) {
                missing.put(from.label() + " -> " + to.label(),
                        traces.stream().filter(t -> t.seen.contains(from) && !t.seen.contains(to)).count());
            }
        }
        Map<String, Long> outcomes = new TreeMap<>();
        Histogram[] histograms = new Histogram[LatencySpan.RECORDED.size()];
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new Histogram(HIGHEST_NANOS, 3);
        }
        for (Trace t : traces) {
            if (t.seen.contains(EventPoint.INVOKER)) {
                outcomes.merge(t.invokerOutcome == null ? "completed" : t.invokerOutcome.label(), 1L, Long::sum);
            }
            for (int i = 0; i < histograms.length; i++) {
                LatencySpan span = LatencySpan.RECORDED.get(i);
                long from = t.stamps[span.from().ordinal()];
                long to = t.stamps[span.to().ordinal()];
                boolean completedOnly = span.equals(LatencySpan.END_TO_END) && t.invokerOutcome != null;
                if (from != 0 && to != 0 && !completedOnly) {
                    histograms[i].recordValue(Math.min(Math.max(0, to - from), HIGHEST_NANOS));
                }
            }
        }
        Map<String, Percentiles> latency = new LinkedHashMap<>();
        for (int i = 0; i < histograms.length; i++) {
            if (histograms[i].getTotalCount() > 0) {
                latency.put(LatencySpan.RECORDED.get(i).label(), Percentiles.ofNanos(histograms[i]));
            }
        }
        return new Workflow(name, traces.size(), seen, missing, outcomes, latency);
    }

    /** The result as a person reads it. */
    public static void print(Result result, PrintStream out) {
        out.println("Event logs in " + result.directory() + ":");
        for (LogFile log : result.logs()) {
            out.printf(Locale.ROOT, "  %-24s component %-12s %,10d records, %,d lost on a full ring%s%n", log.file(), log.component(),
                    log.records(), log.lost(), log.closed() ? "" : " (not closed: its last records may be missing)");
        }
        for (Workflow w : result.workflows()) {
            out.println();
            out.printf(Locale.ROOT, "workflow %s: %,d events%n", w.workflow(), w.events());
            out.println("  seen at:  " + counts(w.seen()));
            if (!w.missing().isEmpty()) {
                out.println("  missing:  " + counts(w.missing()));
            }
            if (!w.outcomes().isEmpty()) {
                out.println("  outcomes: " + counts(w.outcomes()));
            }
            out.printf(Locale.ROOT, "  %-34s %10s %10s %10s %10s %10s %10s%n", "span", "count", "mean", "p50", "p99", "p99.9", "max");
            w.latencyUs().forEach((span, p) -> out.printf(Locale.ROOT, "  %-34s %,10d %10s %10s %10s %10s %10s%n", span, p.count(),
                    Formats.micros(p.mean()), Formats.micros(p.p50()), Formats.micros(p.p99()), Formats.micros(p.p999()),
                    Formats.micros(p.max())));
        }
    }

    public static void writeJson(Result result, PrintStream out) throws IOException {
        out.println(DeliveryResults.JSON.writeValueAsString(result));
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
