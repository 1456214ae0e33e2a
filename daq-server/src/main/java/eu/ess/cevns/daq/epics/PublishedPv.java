package eu.ess.cevns.daq.epics;

import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVATimeStamp;
import org.epics.pva.server.ServerPV;

import java.time.Instant;

/**
 * One PV the status server publishes: its data structure, and what was last posted. A PV is
 * posted only when its value or alarm changed, as EPICS records post monitors on change. That also
 * keeps clear of a trait of core-pva 5.0.5's server: an update made while the previous monitor
 * message is still queued replaces that message's set of changed fields, so a value that changed
 * in the first update and not in the second (a run state posted, then the same state with a new
 * time stamp) would never reach the client. When every post changes the value or alarm, the last
 * message always carries them.
 */
final class PublishedPv {
    final String name;
    final PVAStructure data;
    private final ServerPV pv;
    /** A copy of what was last posted; null before the first post. */
    private PVAStructure posted;

    PublishedPv(String name, ServerPV pv, PVAStructure data) {
        this.name = name;
        this.pv = pv;
        this.data = data;
    }

    /** Posts {@link #data} stamped {@code stamp} if it differs from what was last posted. */
    synchronized void post(Instant stamp) throws Exception {
        if (posted != null && posted.update(data).isEmpty()) {
            return;
        }
        PVATimeStamp.set(data, stamp);
        pv.update(data);
        if (posted == null) {
            posted = data.cloneData();
        } else {
            posted.update(data);
        }
    }
}
