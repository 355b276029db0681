package io.spindle.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tiny command-line parser: positional words, {@code --key value} options and {@code --flag}s. */
public final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final List<String> raw;

    public Args(String[] args, List<String> flags) {
        this.raw = List.of(args).subList(Math.min(1, args.length), args.length);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    options.put(key.substring(0, eq), key.substring(eq + 1));
                } else if (flags.contains(key)) {
                    options.put(key, "true");
                } else if (i + 1 < args.length) {
                    options.put(key, args[++i]);
                } else {
                    throw new IllegalArgumentException("option --" + key + " needs a value");
                }
            } else {
                positional.add(a);
            }
        }
    }

    /** The arguments after the command word, as given. */
    public List<String> raw() {
        return raw;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public String get(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    public long getLong(String name, long dflt) {
        String v = options.get(name);
        return v == null ? dflt : Long.parseLong(v.replace("_", ""));
    }

    public int getInt(String name, int dflt) {
        return Math.toIntExact(getLong(name, dflt));
    }

    public List<String> getList(String name, List<String> dflt) {
        String v = options.get(name);
        return v == null ? dflt : List.of(v.split(","));
    }
}
