package io.github.chainrule.javagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StatementOrder}: a topological order that keeps each statement near the values it reads.
 */
class StatementOrderTest {
    private static Statement stmt(int value, int... reads) {
        Code expr = new Code.Literal(1);
        for (int r : reads) {
            expr = new Code.Binary(Code.Op.ADD, expr, new Code.Ref(r));
        }
        return new Statement(value, expr);
    }

    private static List<Integer> values(List<Statement> stmts) {
        return stmts.stream().map(Statement::value).toList();
    }

    @Test
    void aReaderFollowsTheValueItReadsInsteadOfWaitingForItsTurn() {
        // input 0; a1 = f(0), b1 = g(0), a2 = f(a1), b2 = g(b1): the graph's order interleaves the
        // two chains
        List<Statement> byId = List.of(stmt(1, 0), stmt(2, 0), stmt(3, 1), stmt(4, 2));
        assertThat(values(StatementOrder.forLocality(byId, 5))).containsExactly(1, 3, 2, 4);
    }

    @Test
    void aSumRunsRightAfterItsLastTerm() {
        // forward values 1 and 2, their backward terms 3 and 4, and the sum 5 of the terms
        List<Statement> byId =
                List.of(stmt(1, 0), stmt(2, 0), stmt(3, 1), stmt(4, 2), stmt(5, 3, 4));
        assertThat(values(StatementOrder.forLocality(byId, 6))).containsExactly(1, 3, 2, 4, 5);
    }

    @Test
    void statementsThatReadOnlyInputsKeepTheirOrder() {
        List<Statement> byId = List.of(stmt(2, 0), stmt(3, 1), stmt(4, 0, 1));
        assertThat(values(StatementOrder.forLocality(byId, 5))).containsExactly(2, 3, 4);
    }

    @Test
    void theTangentsOfARecurrenceKeepPaceWithIt() {
        // v[k] = f(v[k-1]), c[k] = f'(v[k]), t[k] = t[k-1] * c[k-1]: forward mode on a recurrence
        // of 100 steps,
        // made in the graph's order: the whole recurrence, then the partials, then the tangents
        int steps = 100;
        int v = 1;
        int c = v + steps;
        int t = c + steps;
        List<Statement> byId = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            byId.add(k == 0 ? stmt(v, 0) : stmt(v + k, v + k - 1));
        }
        for (int k = 0; k < steps; k++) {
            byId.add(stmt(c + k, v + k));
        }
        for (int k = 0; k < steps; k++) {
            byId.add(k == 0 ? stmt(t, 0) : stmt(t + k, t + k - 1, c + k - 1));
        }
        List<Integer> order = values(StatementOrder.forLocality(byId, t + steps));
        for (int k = 1; k < steps; k++) {
            int gap = order.indexOf(t + k) - order.indexOf(c + k - 1);
            assertThat(gap)
                    .as("statements between c[%d] and the tangent that reads it", k - 1)
                    .isBetween(1, 6);
        }
    }

    static IntStream seeds() {
        return IntStream.range(0, 50);
    }

    /**
     * Random DAGs: the result is a permutation of the statements in which every value is defined
     * before it is read.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void theOrderIsAlwaysAPermutationAndTopological(int seed) {
        Random random = new Random(seed);
        int inputs = 1 + random.nextInt(4);
        int n = 1 + random.nextInt(300);
        List<Statement> byId = new ArrayList<>();
        for (int v = inputs; v < inputs + n; v++) {
            int reads = random.nextInt(4);
            int[] r = new int[reads];
            for (int i = 0; i < reads; i++) {
                r[i] = random.nextInt(v); // any earlier value, possibly twice
            }
            byId.add(stmt(v, r));
        }
        List<Statement> order = StatementOrder.forLocality(byId, inputs + n);
        assertThat(order).containsExactlyInAnyOrderElementsOf(byId);
        Set<Integer> defined = new HashSet<>();
        for (int v = 0; v < inputs; v++) {
            defined.add(v);
        }
        for (Statement st : order) {
            st.expr()
                    .forEachRef(
                            v ->
                                    assertThat(defined)
                                            .as("value %d read before it is computed", v)
                                            .contains(v));
            defined.add(st.value());
        }
    }
}
