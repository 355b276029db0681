package io.spindle.runtime.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The files the console serves, read from the runtime jar: the page (console.html, .js, .css, in
 * src/main/resources) and uPlot 1.6.30 (MIT; copied from the org.webjars.npm:uplot jar at build
 * time by runtime/pom.xml, execution console-assets). A path not in {@link #FILES} is a 404.
 */
final class ConsoleAssets {
    /** URL path -> [resource name under this package, content type]. */
    static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"console.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"console.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console.css", "text/css; charset=utf-8"},
            "/uplot/uPlot.iife.min.js", new String[] {"uplot/dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/uplot/uPlot.min.css", new String[] {"uplot/dist/uPlot.min.css", "text/css; charset=utf-8"},
            "/uplot/LICENSE", new String[] {"uplot/LICENSE", "text/plain; charset=utf-8"});

    private ConsoleAssets() {
    }

    /** The bytes of a file of {@link #FILES}; fails loudly if the jar was built without them. */
    static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the console's file " + resource + " is missing from the runtime"
                        + " jar: rebuild it with Maven (the console-assets execution copies uPlot into it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
