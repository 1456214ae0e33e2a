package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.Nucleus;

/**
 * CEvNS on one nucleus in the Standard Model (Freedman 1974; the form used by COHERENT, Science
 * 357 (2017) 1123):
 * dσ/dT = G_F² M /(4π) · Q_W² · (1 − M T /(2E²) − T/E) · F²(q) (the − T/E term completes the tree-level
 * kinematics; it is below 0.1 % for these nuclei), with Q_W = N − (1 − 4 sin²θ_W) Z,
 * q = √(2 M T), recoil energy T up to T_max = 2E²/(M + 2E). Energies in MeV, cross sections in cm².
 */
public final class CevnsCrossSection {
    private final double massMev;
    private final double weakCharge;
    private final HelmFormFactor formFactor;
    private final int a;

    public CevnsCrossSection(Nucleus nucleus) {
        this.a = nucleus.a();
        // nuclear mass: atomic mass less the electrons (their binding is negligible here)
        this.massMev = nucleus.massU() * Constants.AMU_MEV - nucleus.z() * Constants.ELECTRON_MASS_MEV;
        int n = nucleus.a() - nucleus.z();
        this.weakCharge = n - (1 - 4 * Constants.SIN2_THETA_W) * nucleus.z();
        this.formFactor = new HelmFormFactor(nucleus.a());
    }

    public double massMev() {
        return massMev;
    }

    public double weakCharge() {
        return weakCharge;
    }

    /** Largest recoil energy for neutrino energy E, MeV. */
    public double maxRecoilMev(double eNuMev) {
        return 2 * eNuMev * eNuMev / (massMev + 2 * eNuMev);
    }

    /** dσ/dT at neutrino energy E and recoil T (both MeV), cm²/MeV; 0 beyond T_max. */
    public double differential(double eNuMev, double tMev) {
        if (tMev < 0 || tMev > maxRecoilMev(eNuMev)) {
            return 0;
        }
        double kin = 1 - massMev * tMev / (2 * eNuMev * eNuMev) - tMev / eNuMev;
        if (kin <= 0) {
            return 0;
        }
        double qPerFm = Math.sqrt(2 * massMev * tMev + tMev * tMev) / Constants.HBARC_MEV_FM;
        double f = formFactor.at(qPerFm);
        double gf2 = Constants.FERMI_GEV2 * Constants.FERMI_GEV2 * 1e-12;          // MeV⁻⁴
        double perMev3 = gf2 * massMev / (4 * Math.PI) * weakCharge * weakCharge * kin * f * f;
        return perMev3 * Constants.HBARC2_GEV2_CM2 * 1e6;                          // (ħc)² in MeV² cm²
    }

    /** σ(E) for recoils above {@code tMinMev}, cm², by Gauss–Legendre quadrature in T. */
    public double total(double eNuMev, double tMinMev) {
        double tMax = maxRecoilMev(eNuMev);
        if (tMax <= tMinMev) {
            return 0;
        }
        return Quadrature.integrate(t -> differential(eNuMev, t), Math.max(0, tMinMev), tMax, 64);
    }

    public int massNumber() {
        return a;
    }
}
