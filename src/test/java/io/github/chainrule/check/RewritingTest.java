package io.github.chainrule.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.chainrule.Driver;
import io.github.chainrule.diag.SourceFile;
import java.util.AbstractList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names a statement reads after a rewrite looked through a name into its definition: those it
 * still reads in their first order, then the ones the rewrite brought in, in the order the names
 * were declared or assigned (not in the order the graph happened to number them).
 */
class RewritingTest {

    private static CheckedProgram check(String text) {
        Driver.Checked c = Driver.check(new SourceFile("t", text));
        assertThat(c.ok()).as(c.reporter().format()).isTrue();
        return c.program().orElseThrow();
    }

    private static List<String> reads(CheckedProgram p, String name) {
        return p.definition(name).orElseThrow().reads();
    }

    @Test
    void namesBroughtInByARewriteComeInTheirDeclaredOrder() {
        // -softplus(y*x) reads y before x in the graph (y is read first), but x is declared first
        CheckedProgram p = check("input x, y\na = sigmoid(y * x)\nb = log(1 - a)");
        assertThat(p.rewrites()).isNotEmpty();
        assertThat(reads(p, "a")).containsExactly("y", "x");
        assertThat(reads(p, "b")).containsExactly("x", "y");
    }

    @Test
    void namesStillReadKeepTheirPlaceAndInputsComeBeforeStatements() {
        CheckedProgram p =
                check("input x, y\nz = y + 1\na = sigmoid(z * x)\nc = 3 * y\nb = c + log(1 - a)");
        // a is no longer read; c still is; then x (an input) and z (a statement)
        assertThat(reads(p, "b")).containsExactly("c", "x", "z");
    }

    @Test
    void aLongChainOfRewrittenStatementsIsWalkedAFixedNumberOfTimes() {
        // each statement z_i = log(1 - a_i), a_i = sigmoid(z_(i-1)), becomes -softplus(z_(i-1));
        // ordering the names each rewritten statement reads once walked all the statements,
        // which made a program of n such statements take n² steps
        StringBuilder text = new StringBuilder("input x\nz0 = x\n");
        int n = 2000;
        for (int i = 1; i <= n; i++) {
            text.append("a").append(i).append(" = sigmoid(z").append(i - 1).append(")\n");
            text.append("z").append(i).append(" = log(1 - a").append(i).append(")\n");
        }
        Driver.Checked c = Driver.check(new SourceFile("t", text.toString()), true);
        CheckedProgram asWritten = c.program().orElseThrow();
        CountingList<CheckedProgram.Definition> definitions =
                new CountingList<>(asWritten.definitions());
        CheckedProgram p =
                Rewriting.apply(
                        new CheckedProgram(
                                asWritten.source(),
                                asWritten.graph(),
                                asWritten.inputs(),
                                asWritten.wrt(),
                                asWritten.outputs(),
                                definitions,
                                asWritten.byName()));
        assertThat(p.rewrites()).hasSize(n);
        for (int i = 1; i <= n; i++) {
            assertThat(reads(p, "z" + i)).containsExactly("z" + (i - 1));
        }
        assertThat(definitions.reads).isLessThanOrEqualTo(3L * definitions.size());
    }

    /** A list that counts how many of its elements were read (its iterator reads through get). */
    private static final class CountingList<T> extends AbstractList<T> {
        private final List<T> list;
        long reads;

        CountingList(List<T> list) {
            this.list = list;
        }

        @Override
        public T get(int index) {
            reads++;
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
