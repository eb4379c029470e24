package io.github.chainrule.javagen;

/** What a generated class computes, each in public methods of the same name. */
enum Operation {
    /** The outputs. */
    FORWARD("forward"),
    /** The one output and its gradient (programs with one output). */
    GRADIENT("gradient"),
    /** The derivatives of the outputs weighted by seeds, dL/do. */
    BACKWARD("backward"),
    /** Every output's derivative with respect to every wrt variable. */
    JACOBIAN("jacobian");

    private final String methodName;

    Operation(String methodName) {
        this.methodName = methodName;
    }

    /** The name of its public methods, and the prefix of its private parts'. */
    String methodName() {
        return methodName;
    }
}
