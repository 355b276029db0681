package io.spindle.runtime.internal.console;

import io.spindle.runtime.internal.trace.JsonText;

/** The little JSON the console writes by hand (no JSON library in the runtime). */
final class Json {
    private Json() {
    }

    /** Appends {@code s} as a JSON string literal ({@code null} as null). */
    static StringBuilder quote(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        return JsonText.quote(b, s, true); // '<' too: see JsonText
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
