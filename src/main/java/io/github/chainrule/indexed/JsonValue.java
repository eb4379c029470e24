package io.github.chainrule.indexed;

import java.util.List;
import java.util.Map;

/** A JSON value as {@link JsonReader} reads it, with where it starts in the text. */
public sealed interface JsonValue
        permits JsonValue.Number,
                JsonValue.Text,
                JsonValue.Bool,
                JsonValue.Null,
                JsonValue.Array,
                JsonValue.Members {

    /** 1-based line and column (in chars) where the value starts. */
    record Position(int line, int column) {}

    Position position();

    /** A finite double. */
    record Number(double value, Position position) implements JsonValue {}

    record Text(String value, Position position) implements JsonValue {}

    record Bool(boolean value, Position position) implements JsonValue {}

    record Null(Position position) implements JsonValue {}

    record Array(List<JsonValue> items, Position position) implements JsonValue {}

    /** An object: its members in the text's order, each key once. */
    record Members(Map<String, Member> members, Position position) implements JsonValue {}

    /** A member of an object: the key's position (for messages about the name) and the value. */
    record Member(String key, Position keyPosition, JsonValue value) {}

    /** What the value is, for messages: "a number", "a list", "a string". */
    static String kind(JsonValue v) {
        if (v instanceof Number) {
            return "a number";
        } else if (v instanceof Text) {
            return "a string";
        } else if (v instanceof Bool) {
            return "a boolean";
        } else if (v instanceof Null) {
            return "null";
        } else if (v instanceof Array) {
            return "a list";
        } else if (v instanceof Members) {
            return "an object";
        }
        throw new AssertionError(v);
    }
}
