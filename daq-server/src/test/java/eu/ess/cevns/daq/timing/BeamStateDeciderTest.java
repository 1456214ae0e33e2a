package eu.ess.cevns.daq.timing;

import eu.ess.cevns.config.EssPulse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The beam-state decision without pvAccess: which beam-present value holds for a pulse's T0 given
 * the reports and disconnections so far, and ON/OFF/UNKNOWN from it and the charge minimum.
 */
class BeamStateDeciderTest {
    static final double MIN_CHARGE_UC = 1.0;
    static final long PERIOD = EssPulse.PERIOD_NS;
    /** T0 of pulse 0; pulse k is k periods later. */
    static final long T0 = 1_800_000_000_000_000_000L;

    final PulseTable table = new PulseTable();
    final BeamStateDecider decider = new BeamStateDecider(MIN_CHARGE_UC, table);

    static long pulse(int k) {
        return T0 + k * PERIOD;
    }

    BeamState stateOf(int k) {
        int slot = table.find(pulse(k), 0);
        assertTrue(slot >= 0, "pulse " + k + " in the table");
        return table.state(slot);
    }

    @Test
    void beforeAnyBeamPresentReportAPulseIsUnknown() {
        decider.chargeReported(pulse(0), 70.0);
        assertEquals(BeamState.UNKNOWN, stateOf(0));
        assertEquals(BeamPresence.UNKNOWN, decider.presentNow());
        assertEquals(pulse(0), decider.lastT0Ns());
    }

    @Test
    void aPulseOlderThanEveryReportIsUnknown() {
        decider.presentMessage(pulse(5), true);                   // beam present reported from pulse 5 on only
        decider.chargeReported(pulse(4), 70.0);
        decider.chargeReported(pulse(6), 70.0);
        assertEquals(BeamState.UNKNOWN, stateOf(4));
        assertEquals(BeamState.ON, stateOf(6));
    }

    @Test
    void chargeBelowTheMinimumIsOffEvenWithBeamPresent() {
        decider.presentMessage(pulse(0), true);
        decider.chargeReported(pulse(1), 0.5);
        decider.chargeReported(pulse(2), MIN_CHARGE_UC);
        decider.chargeReported(pulse(3), 0.0);
        assertEquals(BeamState.OFF, stateOf(1));
        assertEquals(BeamState.ON, stateOf(2), "the minimum itself counts as beam");
        assertEquals(BeamState.OFF, stateOf(3));
    }

    @Test
    void noBeamIsOffWhateverTheCharge() {
        decider.presentMessage(pulse(0), false);
        decider.chargeReported(pulse(1), 70.0);
        assertEquals(BeamState.OFF, stateOf(1));
        assertEquals(BeamPresence.ABSENT, decider.presentNow());
    }

    @Test
    void eachPulseTakesTheValueInForceAtItsT0() {
        decider.presentMessage(pulse(0), true);
        decider.chargeReported(pulse(1), 70.0);
        decider.presentMessage(pulse(2) - PERIOD / 2, false);      // a trip between pulses 1 and 2
        decider.chargeReported(pulse(2), 70.0);
        decider.presentMessage(pulse(3), true);                   // back, stamped at pulse 3's T0
        decider.chargeReported(pulse(3), 70.0);
        assertEquals(BeamState.ON, stateOf(1));
        assertEquals(BeamState.OFF, stateOf(2));
        assertEquals(BeamState.ON, stateOf(3), "a report stamped at a pulse's T0 holds for it");
    }

    @Test
    void aBeamPresentChangeArrivingAfterTheChargeReDecidesThePulsesItCovers() {
        decider.presentMessage(pulse(0), true);
        decider.chargeReported(pulse(1), 70.0);
        decider.chargeReported(pulse(2), 70.0);
        decider.chargeReported(pulse(3), 70.0);
        assertEquals(BeamState.ON, stateOf(2));
        decider.presentMessage(pulse(2), false);                  // the trip at pulse 2, reported late
        assertEquals(BeamState.ON, stateOf(1), "before the change: unchanged");
        assertEquals(BeamState.OFF, stateOf(2));
        assertEquals(BeamState.OFF, stateOf(3));
    }

    @Test
    void afterADisconnectionPulsesAreUnknownUntilBeamPresentReportsAgain() {
        decider.presentSubscribed();
        decider.presentMessage(pulse(0), true);
        decider.chargeReported(pulse(1), 70.0);
        decider.presentLost();
        assertEquals(BeamPresence.UNKNOWN, decider.presentNow());
        decider.chargeReported(pulse(2), 70.0);
        decider.chargeReported(pulse(3), 70.0);
        assertEquals(BeamState.ON, stateOf(1), "decided before the loss: kept");
        assertEquals(BeamState.UNKNOWN, stateOf(2), "never OFF for want of data");
        assertEquals(BeamState.UNKNOWN, stateOf(3));
        decider.presentSubscribed();
        decider.presentMessage(pulse(3), false);                  // reconnected: its first message carries the value
        decider.chargeReported(pulse(4), 70.0);
        assertEquals(BeamState.UNKNOWN, stateOf(2), "before the new report: still unknown");
        assertEquals(BeamState.OFF, stateOf(3), "re-decided by the first value after reconnecting");
        assertEquals(BeamState.OFF, stateOf(4));
    }

    @Test
    void aTimeStampOnlyMessageKeepsTheValueTheSubscriptionCarried() {
        decider.presentSubscribed();
        decider.presentMessage(pulse(0), true);
        assertFalse(decider.presentStampOnly(pulse(2)), "the value is known: nothing to read");
        decider.chargeReported(pulse(3), 70.0);
        assertEquals(BeamState.ON, stateOf(3));
        assertEquals(BeamPresence.PRESENT, decider.presentNow());
    }

    @Test
    void aFirstMessageWithoutTheValueIsUnknownUntilTheReadAnswers() {
        decider.presentSubscribed();
        assertTrue(decider.presentStampOnly(pulse(0)), "the first message lacks the value: read it");
        assertFalse(decider.presentStampOnly(pulse(1)), "one read at a time");
        decider.chargeReported(pulse(1), 70.0);
        assertEquals(BeamState.UNKNOWN, stateOf(1), "not OFF: the message's false is only the structure's default");
        assertEquals(BeamPresence.UNKNOWN, decider.presentNow());
        assertTrue(decider.presentRead(pulse(0), true));
        assertEquals(BeamState.ON, stateOf(1), "the read re-decides the pulses it covers");
        decider.chargeReported(pulse(2), 70.0);
        assertEquals(BeamState.ON, stateOf(2));
    }

    @Test
    void aReadOlderThanAValueAMessageCarriedMeanwhileDoesNotCount() {
        decider.presentSubscribed();
        assertTrue(decider.presentStampOnly(pulse(0)));
        decider.presentMessage(pulse(2), false);                  // a change arrives before the read's answer
        assertFalse(decider.presentRead(pulse(1), true), "older than what the subscription carried");
        decider.chargeReported(pulse(3), 70.0);
        assertEquals(BeamState.OFF, stateOf(3));
        assertEquals(BeamPresence.ABSENT, decider.presentNow());
    }

    @Test
    void aFailedReadIsTriedAgainAtTheNextMessageWithoutTheValue() {
        decider.presentSubscribed();
        assertTrue(decider.presentStampOnly(pulse(0)));
        decider.presentReadFailed();
        assertTrue(decider.presentStampOnly(pulse(1)), "the value is still unknown: read again");
    }

    @Test
    void aNewSubscriptionForgetsWhatThePreviousOneCarried() {
        decider.presentSubscribed();
        decider.presentMessage(pulse(0), true);
        decider.presentLost();
        decider.presentSubscribed();
        assertTrue(decider.presentStampOnly(pulse(2)), "the new subscription has carried nothing yet");
        decider.chargeReported(pulse(2), 70.0);
        assertEquals(BeamState.UNKNOWN, stateOf(2));
    }
}
