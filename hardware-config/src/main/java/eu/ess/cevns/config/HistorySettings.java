package eu.ess.cevns.config;

/**
 * How much status history the server keeps on disk (site file {@code history:}): a fine tier (one
 * bucket every {@code fine.resolutionS}, for {@code fine.keepS}) and a coarse tier built from it
 * (one bucket every {@code coarse.resolutionS}, for {@code coarse.keepS}). Each tier is a file of
 * fixed size, so the budget is set here and never grows.
 */
public record HistorySettings(Tier fine, Tier coarse) {
    /** Most buckets one tier may hold (2 million: 23 days at 1 s, 3.8 years at 1 min). */
    public static final long MAX_BUCKETS = 2_000_000;

    /** 1 s for an hour, 1 min for 30 days. */
    public static final HistorySettings DEFAULT = new HistorySettings(new Tier(1, 3600), new Tier(60, 30L * 24 * 3600));

    /** One tier: a bucket every {@code resolutionS} seconds, kept for {@code keepS} seconds. */
    public record Tier(int resolutionS, long keepS) {
        /** Buckets the tier's file holds. */
        public int buckets() {
            return (int) Math.max(1, (keepS + resolutionS - 1) / resolutionS);
        }
    }

    /** Why these tiers cannot work together, or null if they can. */
    public static String problem(HistorySettings h) {
        if (h.coarse.resolutionS <= h.fine.resolutionS || h.coarse.resolutionS % h.fine.resolutionS != 0) {
            return "coarse.resolutionS (" + h.coarse.resolutionS + ") must be a multiple of fine.resolutionS (" + h.fine.resolutionS
                    + ") and larger: a coarse bucket is made of fine ones";
        }
        if (h.fine.keepS < h.coarse.resolutionS) {
            return "fine.keepS (" + h.fine.keepS + ") must be at least coarse.resolutionS (" + h.coarse.resolutionS
                    + "): a coarse bucket is made of the fine buckets still kept";
        }
        if (h.coarse.keepS < h.fine.keepS) {
            return "coarse.keepS (" + h.coarse.keepS + ") must be at least fine.keepS (" + h.fine.keepS + ")";
        }
        return null;
    }
}
