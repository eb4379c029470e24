package org.example.app;

import org.example.gen.Neuron;
import org.example.gen.Seed;

/** Uses both generated classes from their configured package: javac proves they are there. */
public final class App {
    private App() {}

    public static double[] run() {
        double[] grad = new double[2];
        Neuron.gradient(new double[] {1.0, 0.5, -0.25}, grad);
        return new double[] {Seed.forward(new double[] {2.0, 3.0}), grad[0], grad[1]};
    }
}
