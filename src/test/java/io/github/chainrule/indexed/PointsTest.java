package io.github.chainrule.indexed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PointsTest {
    /** {@code dim m, n, k = 2; input x[n], W[m, n], b, s[k]}; {@code y} is computed. */
    private static IndexedProgram program() {
        ProgramBuilder p =
                new ProgramBuilder()
                        .size("m")
                        .size("n")
                        .size("k", 2)
                        .input("x[n]")
                        .input("W[m, n]")
                        .input("b")
                        .input("s[k]")
                        .assigned("y");
        p.single(p.statement("y", "", p.read("b")));
        return p.build();
    }

    private static IndexedPoint at(String text) {
        return Points.fromAssignments(program(), text);
    }

    private static IndexedPoint json(String text) {
        return Points.fromJson(program(), "point.json", text);
    }

    @Test
    void commandLineTextWithSizesFromTheArrays() {
        IndexedPoint p = at("x=[1,2,3], W=[[1,2,3],[4,5,6]], b=0.5, s=[-1.5e-3, .5]");
        assertThat(p.sizes()).containsEntry("m", 2L).containsEntry("n", 3L).hasSize(2);
        assertThat(p.inputs().get("x")).containsExactly(1, 2, 3);
        assertThat(p.inputs().get("W")).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(p.inputs().get("b")).containsExactly(0.5);
        assertThat(p.inputs().get("s")).containsExactly(-1.5e-3, 0.5);
        assertThat(p.inputs().keySet()).containsExactly("x", "W", "b", "s");
    }

    @Test
    void sizesGivenAndPicocliPieces() {
        IndexedPoint p =
                Points.fromAssignments(
                        program(),
                        List.of(
                                "n=3", "m=1", "x=[1", "2", "3]", "W=[[1", "2", "3]]", "b=0", "s=[1",
                                "2]", "k=2"));
        assertThat(p.sizes()).containsEntry("m", 1L).containsEntry("n", 3L);
        assertThat(p.inputs().get("W")).containsExactly(1, 2, 3);
    }

    @Test
    void jsonWithNestedLists() {
        IndexedPoint p =
                json(
                        "{\"n\": 2,\n \"x\": [1, 2],\n \"W\": [[1, 2], [3, 4], [5, 6]],\n"
                                + " \"b\": -0.0, \"s\": [1e3, 2E-1]}");
        assertThat(p.sizes()).containsEntry("m", 3L).containsEntry("n", 2L);
        assertThat(p.inputs().get("W")).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(p.inputs().get("s")).containsExactly(1000, 0.2);
    }

    @Test
    void aSizeGivenBothWaysMustAgree() {
        assertThatThrownBy(() -> at("n=4,x=[1,2,3],W=[[1,2,3]],b=0,s=[1,2]"))
                .isInstanceOf(PointException.class)
                .hasMessage("--at x: x has length 3, but x[n] needs 4 (n = 4 as given)");
        assertThatThrownBy(() -> at("x=[1,2,3],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage(
                        "--at W: W's dimension 2 has length 2, but W[m, n] needs 3 there (n = 3"
                                + " from the length of x)");
        assertThatThrownBy(() -> at("x=[1,2,3],W=[[1,2,3]],b=0,s=[1,2,3]"))
                .hasMessage(
                        "--at s: s has length 3, but s[k] needs 2 (k = 2 fixed in the program)");
        assertThatThrownBy(
                        () ->
                                json(
                                        "{\"x\": [1, 2, 3],\n \"W\": [[1, 2]],\n \"b\": 0,"
                                                + " \"s\": [1, 2]}"))
                .hasMessage(
                        "point.json:2:8: error: W's dimension 2 has length 2, but W[m, n] needs 3"
                                + " there (n = 3 from the length of x)");
    }

    @Test
    void nestedListsMustBeRectangularAndMatchTheDimensions() {
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,2],[3]],b=0,s=[1,2]"))
                .hasMessage(
                        "--at W: W[1] is a list of 1, but W[0] is a list of 2 (a nested list must"
                                + " be rectangular)");
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,2],3],b=0,s=[1,2]"))
                .hasMessage("--at W: W[1] is a number, but W[0] is a list");
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,[2]]],b=0,s=[1,2]"))
                .hasMessage("--at W: W[0, 1] is a list, but W[0, 0] is a number");
        assertThatThrownBy(() -> at("x=[1,2],W=[1,2],b=0,s=[1,2]"))
                .hasMessage(
                        "--at W: W[m, n] has 2 dimensions, so it takes a list of lists of numbers,"
                                + " but was given a list of numbers");
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,2]],b=[0],s=[1,2]"))
                .hasMessage(
                        "--at b: b is a scalar, so it takes a number, but was given a list of"
                                + " numbers");
        assertThatThrownBy(() -> at("x=3,W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage(
                        "--at x: x[n] has 1 dimension, so it takes a list of numbers, but was"
                                + " given a number");
        assertThatThrownBy(() -> at("x=[],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage(
                        "--at x: x is an empty list, but every dimension has at least one element");
        assertThatThrownBy(
                        () -> json("{\"x\": [1, \"2\"], \"W\": [[1, 2]], \"b\": 0, \"s\": [1, 2]}"))
                .hasMessage("point.json:1:11: error: x[1] is a string, but x[0] is a number");
        assertThatThrownBy(
                        () -> json("{\"x\": [1, 2], \"W\": [[1, 2]], \"b\": null, \"s\": [1, 2]}"))
                .hasMessage("point.json:1:35: error: b is null, not a number or a list");
    }

    @Test
    void namesAreInputsOrSizes() {
        assertThatThrownBy(() -> at("x=[1,2],Ww=[[1,2]],b=0,s=[1,2]"))
                .hasMessage(
                        "--at Ww: unknown name 'Ww': not an input or a size of"
                                + " the program (inputs: x, W, b, s; sizes: m, n, k)");
        ProgramBuilder p = new ProgramBuilder().size("batch").input("weights[batch]").assigned("z");
        p.single(p.statement("z", "", p.read("weights[0]")));
        assertThatThrownBy(
                        () ->
                                Points.fromJson(
                                        p.build(),
                                        "p.json",
                                        "{\"weights\": [1],\n  \"wieghts\": 1}"))
                .hasMessage(
                        "p.json:2:3: error: unknown name 'wieghts' (did you mean 'weights'?): not"
                            + " an input or a size of the program (inputs: weights; sizes: batch)");
        assertThatThrownBy(() -> Points.fromAssignments(p.build(), "bacth=2,weights=[1,2]"))
                .hasMessage(
                        "--at bacth: unknown name 'bacth' (did you mean 'batch'?): not an input or"
                                + " a size of the program (inputs: weights; sizes: batch)");
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,2]],b=0,s=[1,2],y=1"))
                .hasMessage(
                        "--at y: y is computed by the program, not an input (inputs: x, W, b, s)");
        assertThatThrownBy(() -> at("x=[1,2],W=[[1,2]],s=[1,2]"))
                .hasMessage("--at: no value for input b (every input needs one)");
        assertThatThrownBy(() -> json("{\"x\": [1, 2]}"))
                .hasMessage(
                        "point.json:1:1: error: no value for input W, b, s (every input needs"
                                + " one)");
        assertThatThrownBy(() -> at("x=[1,2],x=[1,2]")).hasMessage("--at x: x is given twice");
    }

    @Test
    void sizesAreWholeAndPositive() {
        assertThatThrownBy(() -> at("n=2.5,x=[1,2],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage("--at n: size n must be a whole number from 1 to 2147483647, not 2.5");
        assertThatThrownBy(() -> at("n=0,x=[1,2],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage("--at n: size n must be a whole number from 1 to 2147483647, not 0");
        assertThatThrownBy(() -> at("k=3,x=[1,2],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage("--at k: size k is fixed to 2 in the program, not 3");
        assertThatThrownBy(() -> at("n=[2],x=[1,2],W=[[1,2]],b=0,s=[1,2]"))
                .hasMessage("--at n: size n must be a whole number, not a list");
    }

    @Test
    void commandLineSyntaxErrors() {
        assertThatThrownBy(() -> at("x=[1,,2]"))
                .hasMessage("--at x: expected a number or '[' (character 4 of the value)");
        assertThatThrownBy(() -> at("x=[1,2"))
                .hasMessage(
                        "--at x: a list is not closed: expected ']' (character 5 of the value)");
        assertThatThrownBy(() -> at("x=[1,2]]"))
                .hasMessage("--at x: unexpected ']' after the value (character 6 of the value)");
        assertThatThrownBy(() -> at("x=[1,abc]"))
                .hasMessage("--at x: 'abc' is not a number (character 4 of the value)");
        assertThatThrownBy(() -> at("x=[1,NaN]"))
                .hasMessage("--at x: 'NaN' is not a number (character 4 of the value)");
        assertThatThrownBy(() -> at("x=[1,1e999]"))
                .hasMessage(
                        "--at x: the number 1e999 is too large for a double (character 4 of the"
                                + " value)");
        assertThatThrownBy(() -> at("x"))
                .hasMessage("--at x: expected NAME=VALUE, as in --at x=[1,2,3],n=3,b=0.5");
        assertThatThrownBy(() -> at("=3"))
                .hasMessage("--at =3: expected NAME=VALUE, as in --at x=[1,2,3],n=3,b=0.5");
    }

    @Test
    void sizesFromLengthsThroughAffineExtents() {
        ProgramBuilder p =
                new ProgramBuilder().size("n").input("x[n+1]").input("y[2*n]").assigned("z");
        p.single(p.statement("z", "", p.read("x[0]")));
        IndexedProgram program = p.build();
        IndexedPoint point = Points.fromAssignments(program, "x=[1,2,3],y=[1,2,3,4]");
        assertThat(point.sizes()).containsEntry("n", 2L);
        assertThatThrownBy(() -> Points.fromAssignments(program, "y=[1,2,3],x=[1,2,3]"))
                .hasMessage(
                        "--at y: y has length 3, but y[2*n] needs 4 (n = 2 from the length of x)");
        ProgramBuilder q = new ProgramBuilder().size("n").input("y[2*n]").assigned("z");
        q.single(q.statement("z", "", q.read("y[0]")));
        assertThatThrownBy(() -> Points.fromAssignments(q.build(), "y=[1,2,3]"))
                .hasMessage("--at y: y has length 3, which no n >= 1 gives to y[2*n]");
        assertThatThrownBy(() -> Points.fromAssignments(program, "x=[1],y=[1,2]"))
                .hasMessage("--at x: x has length 1, which no n >= 1 gives to x[n+1]");
    }
}
