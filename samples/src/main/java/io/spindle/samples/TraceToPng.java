package io.spindle.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws a Spindle trace (the Chrome trace-event JSON of {@code Runtime.stopTrace}) as a PNG: a
 * Gantt-style timeline with one row per carrier, a bar per time slice coloured by how it ended,
 * lines for wake-ups and spawns that cross carriers, and red marks for steals. The top panel shows the whole window; the
 * bottom one zooms into a short stretch so that single slices and hand-offs can be seen. Plain
 * Java2D, headless.
 *
 * <pre>java -cp samples/target/spindle-samples.jar io.spindle.samples.TraceToPng trace.json out.png [zoomStartMicros zoomLengthMicros]</pre>
 */
public final class TraceToPng {
    private static final int WIDTH = 1600;
    private static final int LEFT = 170;
    private static final int RIGHT = 30;
    private static final int ROW = 34;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private TraceToPng() {
    }

    record Slice(int tid, double start, double end, long fiber, String name, String endReason) {
    }

    record Arrow(String kind, int fromTid, double from, int toTid, double to) {
    }

    record Mark(int tid, double at, String name) {
    }

    /** The parts of a trace file that the picture needs. */
    /** parks: the carrier parked from {@code at} to {@code Double.parseDouble(name)}. */
    record Trace(String runtime, Map<Integer, String> tracks, List<Slice> slices, List<Arrow> arrows,
                 List<Mark> steals, List<Mark> parks) {
        double start() {
            return slices.stream().mapToDouble(Slice::start).min().orElse(0);
        }

        double end() {
            return slices.stream().mapToDouble(Slice::end).max().orElse(1);
        }
    }

    static Trace load(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return load(r);
        }
    }

    @SuppressWarnings("unchecked")
    static Trace load(Reader in) throws IOException {
        Map<String, Object> root = (Map<String, Object>) TraceJsonReader.read(in);
        String runtime = String.valueOf(((Map<String, Object>) root.getOrDefault("otherData", Map.of())).get("runtime"));
        Map<Integer, String> tracks = new TreeMap<>();
        List<Slice> slices = new ArrayList<>();
        List<Mark> steals = new ArrayList<>();
        List<Mark> parks = new ArrayList<>();
        Map<Double, Object[]> flowStarts = new HashMap<>();
        List<Arrow> arrows = new ArrayList<>();
        for (Object o : (List<Object>) root.get("traceEvents")) {
            Map<String, Object> e = (Map<String, Object>) o;
            String ph = (String) e.get("ph");
            int tid = e.get("tid") instanceof Double d ? d.intValue() : -1;
            double ts = e.get("ts") instanceof Double d ? d : 0;
            Map<String, Object> args = (Map<String, Object>) e.getOrDefault("args", Map.of());
            switch (ph) {
                case "M" -> {
                    if ("thread_name".equals(e.get("name"))) {
                        tracks.put(tid, (String) args.get("name"));
                    }
                }
                case "X" -> {
                    if ("idle".equals(e.get("cat"))) {
                        parks.add(new Mark(tid, ts, String.valueOf(ts + (Double) e.get("dur"))));
                    } else {
                        slices.add(new Slice(tid, ts, ts + (Double) e.get("dur"),
                                ((Double) args.get("fiber")).longValue(), (String) e.get("name"), (String) args.get("end")));
                    }
                }
                case "i" -> {
                    if (String.valueOf(e.get("name")).startsWith("steal")) {
                        steals.add(new Mark(tid, ts, (String) e.get("name")));
                    }
                }
                case "s" -> flowStarts.put((Double) e.get("id"), new Object[] {tid, ts});
                case "f" -> {
                    Object[] s = flowStarts.remove((Double) e.get("id"));
                    if (s != null) {
                        arrows.add(new Arrow((String) e.get("cat"), (int) s[0], (double) s[1], tid, ts));
                    }
                }
                default -> { }
            }
        }
        return new Trace(runtime, tracks, slices, arrows, steals, parks);
    }

    /** A slice's colour says how it ended. */
    private static Color colour(String endReason) {
        return switch (String.valueOf(endReason)) {
            case "done" -> new Color(110, 190, 110);
            case "park" -> new Color(100, 140, 220);
            case "timed park" -> new Color(160, 110, 210);
            default -> new Color(240, 170, 70); // yield
        };
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TraceToPng trace.json out.png [zoomStartMicros zoomLengthMicros]");
            System.exit(2);
        }
        Trace t = load(Path.of(args[0]));
        double start = t.start();
        double end = t.end();
        double zoomStart = args.length > 3 ? start + Double.parseDouble(args[2]) : start + (end - start) * 0.45;
        double zoomLen = args.length > 3 ? Double.parseDouble(args[3]) : Math.max(50, (end - start) / 40);
        List<Integer> rows = t.tracks().keySet().stream()
                .filter(tid -> t.slices().stream().anyMatch(s -> s.tid() == tid) || tid < t.tracks().size() - 1)
                .toList();
        int panel = 60 + rows.size() * ROW + 40;
        int height = 2 * panel + 70;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        drawPanel(g, t, rows, start, end, 0, String.format("Spindle trace of runtime '%s': %d slices, %d fibers, %.1f ms",
                t.runtime(), t.slices().size(), t.slices().stream().mapToLong(Slice::fiber).distinct().count(),
                (end - start) / 1000));
        g.setColor(new Color(0, 0, 0, 40));
        g.fillRect(x(zoomStart, start, end), 60, Math.max(2, x(zoomStart + zoomLen, start, end) - x(zoomStart, start, end)),
                rows.size() * ROW);
        drawPanel(g, t, rows, zoomStart, zoomStart + zoomLen, panel,
                String.format("zoom: %.0f µs from %.0f µs (the shaded band above)", zoomLen, zoomStart - start));
        legend(g, height - 40);
        g.dispose();
        ImageIO.write(img, "png", Path.of(args[1]).toFile());
        System.out.println("wrote " + args[1] + " (" + WIDTH + "x" + height + ")");
    }

    private static int x(double ts, double from, double to) {
        return LEFT + (int) Math.round((ts - from) / (to - from) * (WIDTH - LEFT - RIGHT));
    }

    private static void drawPanel(Graphics2D g, Trace t, List<Integer> rows, double from, double to, int top, String title) {
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        g.drawString(title, 10, top + 25);
        int y0 = top + 60;
        g.setFont(FONT);
        for (int r = 0; r < rows.size(); r++) {
            int y = y0 + r * ROW;
            g.setColor(r % 2 == 0 ? new Color(245, 245, 245) : Color.WHITE);
            g.fillRect(LEFT, y, WIDTH - LEFT - RIGHT, ROW);
            g.setColor(Color.DARK_GRAY);
            g.drawString(t.tracks().get(rows.get(r)), 10, y + ROW / 2 + 5);
        }
        Map<Integer, Integer> rowOf = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            rowOf.put(rows.get(r), r);
        }
        g.setColor(new Color(200, 200, 200));
        for (Mark p : t.parks()) {
            double until = Double.parseDouble(p.name());
            if (until < from || p.at() > to || !rowOf.containsKey(p.tid())) {
                continue;
            }
            int xa = x(Math.max(p.at(), from), from, to);
            int y = y0 + rowOf.get(p.tid()) * ROW + ROW / 2 - 2;
            g.fillRect(xa, y, Math.max(1, x(Math.min(until, to), from, to) - xa), 4);
        }
        for (Slice s : t.slices()) {
            if (s.end() < from || s.start() > to || !rowOf.containsKey(s.tid())) {
                continue;
            }
            int xa = x(Math.max(s.start(), from), from, to);
            int xb = x(Math.min(s.end(), to), from, to);
            int y = y0 + rowOf.get(s.tid()) * ROW + 4;
            g.setColor(colour(s.endReason()));
            g.fillRect(xa, y, Math.max(1, xb - xa), ROW - 8);
            if (xb - xa > 4) {
                g.setColor(new Color(60, 60, 60));
                g.drawRect(xa, y, xb - xa, ROW - 8);
            }
            if (xb - xa > 60) {
                g.setColor(Color.BLACK);
                g.drawString(s.name(), xa + 3, y + ROW / 2 + 1);
            }
        }
        g.setStroke(new BasicStroke(1f));
        for (Arrow a : t.arrows()) {
            if (a.fromTid() == a.toTid() || a.to() < from || a.from() > to
                    || !rowOf.containsKey(a.fromTid()) || !rowOf.containsKey(a.toTid())) {
                continue; // only hand-offs between carriers: same-carrier ones are the next bar anyway
            }
            g.setColor(a.kind().equals("wake") ? new Color(30, 60, 200, 90) : new Color(0, 140, 60, 70));
            g.drawLine(x(Math.max(a.from(), from), from, to), y0 + rowOf.get(a.fromTid()) * ROW + ROW / 2,
                    x(Math.min(a.to(), to), from, to), y0 + rowOf.get(a.toTid()) * ROW + ROW / 2);
        }
        g.setColor(new Color(210, 20, 20));
        for (Mark m : t.steals()) {
            if (m.at() < from || m.at() > to || !rowOf.containsKey(m.tid())) {
                continue;
            }
            int xm = x(m.at(), from, to);
            int y = y0 + rowOf.get(m.tid()) * ROW;
            g.fillPolygon(new int[] {xm - 5, xm + 5, xm}, new int[] {y + ROW, y + ROW, y + ROW - 9}, 3);
        }
        axis(g, from, to, y0 + rows.size() * ROW);
    }

    private static void axis(Graphics2D g, double from, double to, int y) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, y, WIDTH - RIGHT, y);
        double span = to - from;
        double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        if (span / step > 10) {
            step *= span / step > 20 ? 5 : 2;
        }
        g.setFont(FONT);
        for (double v = Math.ceil(from / step) * step; v <= to; v += step) {
            int xv = x(v, from, to);
            g.drawLine(xv, y, xv, y + 5);
            String label = step >= 1000 ? String.format("%.0f ms", v / 1000) : String.format("%.0f µs", v);
            if (step >= 1000 && step % 1000 != 0) {
                label = String.format("%.1f ms", v / 1000);
            }
            g.drawString(label, xv - 18, y + 20);
        }
    }

    private static void legend(Graphics2D g, int y) {
        g.setFont(FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString("One row per carrier thread; a bar is one time slice of one fiber, coloured by how it ended: "
                + "green = the fiber ended, blue = parked (here: joining its children), purple = timed park, "
                + "orange = yield; thin grey = carrier parked (no work).", 10, y + 5);
        g.drawString("Lines: blue = a wake-up that ran on another carrier, green = a spawned fiber that first ran on "
                + "another carrier (stolen or taken from the injection queue); red marks = steals.", 10, y + 23);
    }
}
