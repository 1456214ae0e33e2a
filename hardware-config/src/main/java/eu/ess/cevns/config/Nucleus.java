package eu.ess.cevns.config;

/**
 * One nuclear species of a detector's target, with its share of the target by number of atoms
 * (e.g. Cs and I each 0.5 in CsI; the Ge isotopes by natural abundance).
 *
 * @param symbol    element symbol with mass number, e.g. {@code Cs133}
 * @param z         protons
 * @param a         mass number
 * @param massU     nuclear mass in atomic mass units
 * @param fraction  atom fraction in the target (fractions of a detector sum to 1)
 */
public record Nucleus(String symbol, int z, int a, double massU, double fraction) {
}
