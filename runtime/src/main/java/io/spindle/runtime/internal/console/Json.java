package io.spindle.runtime.internal.console;

/** The little JSON the console writes by hand (no JSON library in the runtime). */
final class Json {
    private Json() {
    }

    /** Appends {@code s} as a JSON string literal ({@code null} as null). */
    static StringBuilder quote(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '<' -> b.append("\\u003c"); // never "</script>" or markup, whatever a name holds
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Appends {@code ,"name":} (or {@code "name":} right after an opening brace). */
    static StringBuilder key(StringBuilder b, String name) {
        char last = b.length() == 0 ? '{' : b.charAt(b.length() - 1);
        if (last != '{' && last != '[') {
            b.append(',');
        }
        return quote(b, name).append(':');
    }
}
