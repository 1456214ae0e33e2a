package eu.ess.cevns.daq.timing;

import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAScalar;
import org.epics.pva.data.nt.PVATimeStamp;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.*;

/** Which monitor messages carry beam present's value, read from their changed-field sets. */
class MonitorChangesTest {
    final PVAStructure present;

    MonitorChangesTest() throws Exception {
        present = PVAScalar.boolScalarBuilder(true).name("T:Present").timeStamp(new PVATimeStamp()).build();
    }

    BitSet changed(String... fields) throws Exception {
        BitSet b = new BitSet();
        for (String f : fields) {
            b.set(present.getIndex(present.get(f)));
        }
        return b;
    }

    @Test
    void aMessageWithOnlyANewTimeStampDoesNotCarryTheValue() throws Exception {
        PVAStructure stamp = present.get("timeStamp");
        BitSet b = changed("timeStamp");
        b.set(present.getIndex(stamp.get("secondsPastEpoch")));
        b.set(present.getIndex(stamp.get("nanoseconds")));
        assertFalse(MonitorChanges.carriesValue(b, present));
    }

    @Test
    void theValueFieldOrTheWholeStructureCarriesIt() throws Exception {
        assertTrue(MonitorChanges.carriesValue(changed("value", "timeStamp"), present));
        BitSet whole = new BitSet();
        whole.set(0);
        assertTrue(MonitorChanges.carriesValue(whole, present), "bit 0 is the whole structure");
        assertTrue(MonitorChanges.carriesValue(null, present), "no change set: all of it is news");
        assertInstanceOf(PVABool.class, present.get("value"));
    }

    @Test
    void aFieldWithinAStructuredValueCarriesIt() throws Exception {
        PVAStructure mode = new PVAStructure("T:Mode", "epics:nt/NTEnum:1.0",
                new PVAStructure("value", "enum_t", new PVAInt("index", 1),
                        new PVAStringArray("choices", "A", "B")),
                new PVATimeStamp());
        PVAStructure value = mode.get("value");
        BitSet index = new BitSet();
        index.set(mode.getIndex(value.get("index")));
        assertTrue(MonitorChanges.carriesValue(index, mode));
        BitSet stamp = new BitSet();
        stamp.set(mode.getIndex(mode.get("timeStamp")));
        assertFalse(MonitorChanges.carriesValue(stamp, mode));
    }
}
