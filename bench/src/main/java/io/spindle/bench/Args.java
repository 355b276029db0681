package io.spindle.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny command-line parser: positional words, {@code --key value} (or {@code --key=value})
 * options and {@code --flag}s. Only the options and flags a command declares are accepted: a
 * misspelt option is an error that names the command's {@code --help}, not a silently ignored word.
 */
public final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final List<String> raw;

    /**
     * The lenient form: {@code flags} take no value, every other {@code --key} takes one and is
     * accepted unchecked. Prefer {@link #Args(String[], List, List)}, which names a misspelt option.
     */
    public Args(String[] args, List<String> flags) {
        this(args, flags, null);
    }

    /**
     * @param args    the whole command line, the command word first
     * @param flags   options without a value
     * @param valued  options that take a value (null: any other option, unchecked)
     */
    public Args(String[] args, List<String> flags, List<String> valued) {
        this.raw = List.of(args).subList(Math.min(1, args.length), args.length);
        String command = args.length > 0 ? args[0] : "";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String key = a.substring(2);
                int eq = key.indexOf('=');
                String value = null;
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                }
                if (flags.contains(key)) {
                    if (value != null) {
                        throw new IllegalArgumentException("--" + key + " takes no value");
                    }
                    options.put(key, "true");
                } else if (valued == null || valued.contains(key)) {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option --" + key + " needs a value");
                        }
                        value = args[++i];
                    }
                    options.put(key, value);
                } else {
                    throw new IllegalArgumentException("unknown option --" + key + " for '" + command
                            + "' (see: " + command + " --help)");
                }
            } else {
                positional.add(a);
            }
        }
    }

    /** True if the command line asks for help: {@code --help} or {@code -h} anywhere. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
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
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got '" + v + "'");
        }
    }

    public int getInt(String name, int dflt) {
        return Math.toIntExact(getLong(name, dflt));
    }

    public List<String> getList(String name, List<String> dflt) {
        String v = options.get(name);
        return v == null ? dflt : List.of(v.split(","));
    }
}
