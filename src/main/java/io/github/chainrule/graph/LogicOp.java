package io.github.chainrule.graph;

public enum LogicOp {
    AND("&&"),
    OR("||"),
    NOT("!");

    private final String symbol;

    LogicOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
