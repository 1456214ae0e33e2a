package eu.ess.cevns.analysis.physics;

/**
 * Neutrinos from pion decay at rest, per flavour, normalised to one neutrino each: the prompt νμ
 * line from π⁺ → μ⁺ νμ at E = (m_π² − m_μ²)/(2 m_π) = 29.79 MeV, and the delayed νe and ν̄μ from
 * μ⁺ → e⁺ νe ν̄μ with the Michel spectra (x = E/m_μ, E ≤ m_μ/2 = 52.83 MeV):
 * f_νe(E) = 192/m_μ · x² (1/2 − x), f_ν̄μ(E) = 64/m_μ · x² (3/4 − x)
 * (e.g. Scholberg, Phys. Rev. D 73 (2006) 033005, Eqs. 3–4).
 */
public final class DarSpectrum {
    private DarSpectrum() {
    }

    /** Energy of the prompt νμ line, MeV. */
    public static double promptEnergyMev() {
        double mPi = Constants.PION_MASS_MEV;
        double mMu = Constants.MUON_MASS_MEV;
        return (mPi * mPi - mMu * mMu) / (2 * mPi);
    }

    /** Endpoint of the delayed spectra, MeV. */
    public static double delayedEndpointMev() {
        return Constants.MUON_MASS_MEV / 2;
    }

    /** Delayed νe spectrum, per MeV. */
    public static double electronNeutrino(double eMev) {
        double m = Constants.MUON_MASS_MEV;
        double x = eMev / m;
        return eMev < 0 || eMev > m / 2 ? 0 : 192 / m * x * x * (0.5 - x);
    }

    /** Delayed ν̄μ spectrum, per MeV. */
    public static double muonAntineutrino(double eMev) {
        double m = Constants.MUON_MASS_MEV;
        double x = eMev / m;
        return eMev < 0 || eMev > m / 2 ? 0 : 64 / m * x * x * (0.75 - x);
    }
}
