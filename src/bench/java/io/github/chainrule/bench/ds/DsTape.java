package io.github.chainrule.bench.ds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * A random program (gen.py's {@code random_dag}: ten statement forms over earlier names, then
 * {@code L = } a sum) read into a tape and evaluated with {@link DerivativeStructure}: how a user
 * would run a 10,000-operation function through forward-mode AD without writing 10,000 lines. The
 * tape's dispatch costs a switch per statement; each DerivativeStructure operation costs an
 * allocation and a loop over the 1 + n derivatives, which dominates.
 */
public final class DsTape {
    private static final int SIN = 0,
            COS = 1,
            TANH = 2,
            LOG1SQ = 3,
            SQRT1SQ = 4,
            SIGMOID = 5,
            HALF_SUM = 6,
            HALF_DIFF = 7,
            TIMES_TANH = 8,
            OVER_1SQ = 9;
    private static final Pattern STATEMENT = Pattern.compile("(\\w+) = (.*)");
    private static final Pattern[] FORMS = {
        Pattern.compile("sin\\((\\w+)\\)"),
        Pattern.compile("cos\\((\\w+)\\)"),
        Pattern.compile("tanh\\((\\w+)\\)"),
        Pattern.compile("log\\(1 \\+ (\\w+)\\^2\\)"),
        Pattern.compile("sqrt\\(1 \\+ (\\w+)\\^2\\)"),
        Pattern.compile("sigmoid\\((\\w+)\\)"),
        Pattern.compile("0\\.5 \\* \\((\\w+) \\+ (\\w+)\\)"),
        Pattern.compile("0\\.5 \\* \\((\\w+) - (\\w+)\\)"),
        Pattern.compile("(\\w+) \\* tanh\\((\\w+)\\)"),
        Pattern.compile("(\\w+) / \\(1 \\+ (\\w+)\\^2\\)"),
    };

    private final int inputs;
    private final int[] op;
    private final int[] a;
    private final int[] b;
    private final int[] sum;

    private DsTape(int inputs, int[] op, int[] a, int[] b, int[] sum) {
        this.inputs = inputs;
        this.op = op;
        this.a = a;
        this.b = b;
        this.sum = sum;
    }

    public int inputs() {
        return inputs;
    }

    public static DsTape read(Path file) throws IOException {
        Map<String, Integer> slot = new HashMap<>();
        List<int[]> stmts = new ArrayList<>();
        int[] sum = null;
        int inputs = 0;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("input ")) {
                for (String name : line.substring(6).split(",")) {
                    slot.put(name.strip(), slot.size());
                }
                inputs = slot.size();
                continue;
            }
            Matcher m = STATEMENT.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a random program's statement: " + line);
            }
            String rhs = m.group(2);
            if (m.group(1).equals("L")) {
                String[] terms = rhs.split(" \\+ ");
                sum = new int[terms.length];
                for (int i = 0; i < terms.length; i++) {
                    sum[i] = lookup(slot, terms[i]);
                }
                continue;
            }
            int form = -1;
            Matcher f = null;
            for (int k = 0; k < FORMS.length && form < 0; k++) {
                f = FORMS[k].matcher(rhs);
                if (f.matches()) {
                    form = k;
                }
            }
            if (form < 0) {
                throw new IllegalArgumentException("not a random program's statement: " + line);
            }
            int x = lookup(slot, f.group(1));
            int y = f.groupCount() > 1 ? lookup(slot, f.group(2)) : -1;
            stmts.add(new int[] {form, x, y});
            slot.put(m.group(1), slot.size());
        }
        if (sum == null) {
            throw new IllegalArgumentException(file + ": no 'L = ...' line");
        }
        int n = stmts.size();
        int[] op = new int[n];
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            op[i] = stmts.get(i)[0];
            a[i] = stmts.get(i)[1];
            b[i] = stmts.get(i)[2];
        }
        return new DsTape(inputs, op, a, b, sum);
    }

    private static int lookup(Map<String, Integer> slot, String name) {
        Integer i = slot.get(name.strip());
        if (i == null) {
            throw new IllegalArgumentException("unknown name " + name);
        }
        return i;
    }

    /** L and its gradient over every input, with DerivativeStructure. */
    public double gradient(double[] x, double[] grad) {
        int n = inputs;
        DerivativeStructure[] v = new DerivativeStructure[n + op.length];
        for (int i = 0; i < n; i++) {
            v[i] = new DerivativeStructure(n, 1, i, x[i]);
        }
        for (int k = 0; k < op.length; k++) {
            DerivativeStructure p = v[a[k]];
            DerivativeStructure r;
            switch (op[k]) {
                case SIN:
                    r = p.sin();
                    break;
                case COS:
                    r = p.cos();
                    break;
                case TANH:
                    r = p.tanh();
                    break;
                case LOG1SQ:
                    r = p.multiply(p).add(1).log();
                    break;
                case SQRT1SQ:
                    r = p.multiply(p).add(1).sqrt();
                    break;
                case SIGMOID:
                    r = DsFunctions.sigmoid(p);
                    break;
                case HALF_SUM:
                    r = p.add(v[b[k]]).multiply(0.5);
                    break;
                case HALF_DIFF:
                    r = p.subtract(v[b[k]]).multiply(0.5);
                    break;
                case TIMES_TANH:
                    r = p.multiply(v[b[k]].tanh());
                    break;
                case OVER_1SQ:
                    {
                        DerivativeStructure q = v[b[k]];
                        r = p.divide(q.multiply(q).add(1));
                        break;
                    }
                default:
                    throw new AssertionError(op[k]);
            }
            v[n + k] = r;
        }
        DerivativeStructure l = v[sum[0]];
        for (int i = 1; i < sum.length; i++) {
            l = l.add(v[sum[i]]);
        }
        return DsFunctions.extract(l, grad);
    }
}
