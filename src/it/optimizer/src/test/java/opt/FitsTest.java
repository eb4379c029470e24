package opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.optim.PointValuePair;
import org.junit.jupiter.api.Test;

class FitsTest {
    @Test
    void conjugateGradientsFindRosenbrocksMinimum() {
        PointValuePair min = Fits.minimizeRosenbrock(new double[] {-1.2, 1.0});
        assertArrayEquals(new double[] {1, 1}, min.getPoint(), 1e-4);
        assertEquals(0, min.getValue(), 1e-8);
    }

    @Test
    void levenbergMarquardtRecoversTheDecay() {
        double[] ts = new double[12];
        double[] ys = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 0.5 * i;
            ys[i] = 2.5 * Math.exp(-0.7 * ts[i]);
        }
        assertArrayEquals(new double[] {2.5, 0.7}, Fits.fitDecay(ts, ys), 1e-9);
    }
}
