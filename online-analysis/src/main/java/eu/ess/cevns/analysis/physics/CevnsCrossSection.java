package eu.ess.cevns.analysis.physics;

import eu.ess.cevns.config.Nucleus;

/**
 * CEvNS on one nucleus in the Standard Model (Freedman 1974; the form used by COHERENT, Science
 * 357 (2017) 1123):
 * dσ/dT = G_F² M /(4π) · Q_W² · (1 − M T /(2E²) − T/E) · F²(q) (the − T/E term completes the tree-level
 * kinematics; it is below 0.1 % for these nuclei), with Q_W = N − (1 − 4 sin²θ_W) Z,
 * q = √(2 M T), recoil energy T up to T_max = 2E²/(M + 2E). Energies in MeV, cross sections in cm².
 * With another neutron rms radius R_n (the reach) the form factor is the weak one,
 * Q_W F_W(q) = N F_n(q) − (1 − 4 sin²θ_W) Z F_p(q), Helm F_n of rms R_n and F_p the nominal Helm
 * factor; at the nominal radius F_n = F_p = F and it is the expression above.
 */
public final class CevnsCrossSection {
    private final double massMev;
    private final double weakCharge;
    private final HelmFormFactor formFactor;
    private final HelmFormFactor neutronFormFactor;
    private final int a;
    private final int z;

    public CevnsCrossSection(Nucleus nucleus) {
        this(nucleus, Double.NaN);
    }

    /** The cross section with the neutrons distributed with rms radius {@code neutronRmsFm} (NaN: the nominal Helm radius). */
    public CevnsCrossSection(Nucleus nucleus, double neutronRmsFm) {
        this.a = nucleus.a();
        this.z = nucleus.z();
        // nuclear mass: atomic mass less the electrons (their binding is negligible here)
        this.massMev = nucleus.massU() * Constants.AMU_MEV - nucleus.z() * Constants.ELECTRON_MASS_MEV;
        int n = nucleus.a() - nucleus.z();
        this.weakCharge = n - (1 - 4 * Constants.SIN2_THETA_W) * nucleus.z();
        this.formFactor = new HelmFormFactor(nucleus.a());
        this.neutronFormFactor = Double.isNaN(neutronRmsFm) ? null : HelmFormFactor.ofRms(neutronRmsFm);
    }

    /** The nominal neutron (and proton) rms radius: the Lewin–Smith Helm radius of this nucleus, fm. */
    public double nominalRmsFm() {
        return formFactor.rmsFm();
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
        // Q_W F: the weak charge seen at q; with a neutron radius of its own, N F_n − (1 − 4 sin²θ_W) Z F_p
        double charge = neutronFormFactor == null ? weakCharge * f
                : (a - z) * neutronFormFactor.at(qPerFm) - (1 - 4 * Constants.SIN2_THETA_W) * z * f;
        double gf2 = Constants.FERMI_GEV2 * Constants.FERMI_GEV2 * 1e-12;          // MeV⁻⁴
        double perMev3 = gf2 * massMev / (4 * Math.PI) * charge * charge * kin;
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

    public int protons() {
        return z;
    }
}
