package io.github.chainrule.report;

import java.util.List;
import java.util.Map;

/** A small JSON writer: strings escaped, doubles as numbers (NaN and infinities as strings). */
public final class Json {
    private Json() {}

    public static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "\"NaN\"";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }
        return Double.toString(v);
    }

    public static String stringArray(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(string(items.get(i)));
        }
        return out.append(']').toString();
    }

    /** An object whose values are already JSON text, in the map's order. */
    public static String object(Map<String, String> members, String indent) {
        if (members.isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : members.entrySet()) {
            out.append(indent)
                    .append("  ")
                    .append(string(e.getKey()))
                    .append(": ")
                    .append(e.getValue());
            out.append(++i < members.size() ? ",\n" : "\n");
        }
        return out.append(indent).append('}').toString();
    }
}
