package eu.ess.cevns.analysis.physics;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

import java.util.function.DoubleUnaryOperator;

/**
 * Numerical integration for the rate: composite Gauss–Legendre (Apache Commons Math) over equal
 * panels, exact enough for the smooth integrands of CEvNS (checked against the closed form in the
 * tests).
 */
final class Quadrature {
    private static final GaussIntegrator RULE = new GaussIntegratorFactory().legendre(8, 0, 1);

    private Quadrature() {
    }

    static double integrate(DoubleUnaryOperator f, double from, double to, int panels) {
        if (to <= from) {
            return 0;
        }
        double width = (to - from) / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double a = from + p * width;
            for (int i = 0; i < RULE.getNumberOfPoints(); i++) {
                sum += RULE.getWeight(i) * width * f.applyAsDouble(a + RULE.getPoint(i) * width);
            }
        }
        return sum;
    }
}
