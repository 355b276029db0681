package io.spindle.runtime.internal.trace;

/**
 * JSON string literals for the hand-written JSON of the trace writers and the live console (no
 * JSON library in the runtime): one escaper for both.
 */
public final class JsonText {
    private JsonText() {
    }

    /**
     * Appends {@code s} (not null) as a JSON string literal. {@code escapeMarkup}: also writes
     * {@code <} as {@code \u003c}, so that text served inside a page can never close a script or
     * open markup (the console); the decoded value is the same either way.
     */
    public static StringBuilder quote(StringBuilder b, String s, boolean escapeMarkup) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || (escapeMarkup && c == '<')) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
