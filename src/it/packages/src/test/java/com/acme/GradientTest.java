package com.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.loss.MyLoss;
import com.acme.model.Neuron;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The generated classes against the formulas and against central finite differences. */
class GradientTest {
    interface Gradient {
        double value(double[] x, double[] grad);
    }

    @Test
    void theNamesAreTheDeclaredOnesInOrder() {
        assertEquals(List.of("x1", "x2", "y", "w1", "w2", "b"), Neuron.inputs());
        assertEquals(List.of("w1", "w2", "b"), Neuron.wrt());
        assertEquals(List.of("L"), Neuron.outputs());
        assertEquals(List.of("p", "t", "s"), MyLoss.inputs());
    }

    @Test
    void neuronValueAndGradient() {
        double[] x = {0.5, -1.25, 1.0, 0.3, -0.7, 0.1};
        double z = 0.3 * 0.5 + -0.7 * -1.25 + 0.1;
        double a = 1 / (1 + Math.exp(-z));
        assertEquals(-Math.log(a), Neuron.forward(x), 1e-12);
        assertEquals(-Math.log(a), Neuron.forward(0.5, -1.25, 1.0, 0.3, -0.7, 0.1), 1e-12);
        checkGradient(Neuron::forward, Neuron::gradient, Neuron.inputs(), Neuron.wrt(), x);
    }

    @Test
    void lossValueAndGradient() {
        double[] x = {2.5, 1.0, 0.5};
        assertEquals(0.25 * (Math.sqrt(1 + 9) - 1), MyLoss.forward(x), 1e-12);
        checkGradient(MyLoss::forward, MyLoss::gradient, MyLoss.inputs(), MyLoss.wrt(), x);
    }

    /** Each partial against (f(x + h) - f(x - h)) / 2h. */
    static void checkGradient(ToDoubleFunction<double[]> f, Gradient g, List<String> inputs, List<String> wrt,
                              double[] x) {
        double[] grad = new double[wrt.size()];
        assertEquals(f.applyAsDouble(x), g.value(x, grad), 1e-12);
        for (int i = 0; i < wrt.size(); i++) {
            int k = inputs.indexOf(wrt.get(i));
            double h = 1e-6 * Math.max(1, Math.abs(x[k]));
            double[] up = x.clone();
            double[] down = x.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (f.applyAsDouble(up) - f.applyAsDouble(down)) / (2 * h);
            assertEquals(numeric, grad[i], 1e-6 * Math.max(1, Math.abs(numeric)), "d/d" + wrt.get(i));
        }
    }
}
