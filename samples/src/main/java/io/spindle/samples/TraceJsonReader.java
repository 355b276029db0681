package io.spindle.samples;

import java.io.IOException;
import java.io.Reader;
import java.io.StreamTokenizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON that Spindle's trace export writes (objects, arrays, strings, plain decimal
 * numbers, true/false/null) into Maps, Lists, Strings and Doubles, on top of the JDK's
 * {@link StreamTokenizer}. Good enough for trace files, not a general JSON library (no exponents).
 */
final class TraceJsonReader {
    private final StreamTokenizer tok;

    private TraceJsonReader(Reader in) {
        tok = new StreamTokenizer(in);
        tok.resetSyntax();
        tok.whitespaceChars(0, ' ');
        tok.wordChars('a', 'z');
        tok.parseNumbers();
        tok.quoteChar('"');
        for (char c : "{}[]:,".toCharArray()) {
            tok.ordinaryChar(c);
        }
    }

    static Object read(Reader in) throws IOException {
        TraceJsonReader r = new TraceJsonReader(in);
        return r.value(r.tok.nextToken());
    }

    private Object value(int t) throws IOException {
        switch (t) {
            case '{': {
                Map<String, Object> m = new LinkedHashMap<>();
                for (t = tok.nextToken(); t != '}'; t = tok.nextToken()) {
                    if (t == ',') {
                        continue;
                    }
                    String key = tok.sval;
                    if (tok.nextToken() != ':') {
                        throw new IOException("expected ':' after key " + key + " at line " + tok.lineno());
                    }
                    m.put(key, value(tok.nextToken()));
                }
                return m;
            }
            case '[': {
                List<Object> l = new ArrayList<>();
                for (t = tok.nextToken(); t != ']'; t = tok.nextToken()) {
                    if (t != ',') {
                        l.add(value(t));
                    }
                }
                return l;
            }
            case '"':
                return tok.sval;
            case StreamTokenizer.TT_NUMBER:
                return tok.nval;
            case StreamTokenizer.TT_WORD:
                return switch (tok.sval) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> null;
                };
            default:
                throw new IOException("unexpected token " + tok + " at line " + tok.lineno());
        }
    }
}
