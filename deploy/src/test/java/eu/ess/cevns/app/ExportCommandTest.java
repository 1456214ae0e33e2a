package eu.ess.cevns.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The --runs list of export: numbers and ranges separated by commas, each run once, in the order given. */
class ExportCommandTest {
    @Test
    void runListsTakeNumbersAndRanges() {
        assertEquals(List.of(3, 5, 7, 8, 9), ExportCommand.runList("3,5,7-9"));
        assertEquals(List.of(40, 41, 42), ExportCommand.runList("40-42"), "a plain range, as before");
        assertEquals(List.of(2, 1), ExportCommand.runList(" 2 , 1, 2 "), "each once, in the order given");
        for (String bad : new String[] {"", "3,", "a", "9-7", "0", "1-2-3", "-4"}) {
            CommandException e = assertThrows(CommandException.class, () -> ExportCommand.runList(bad), bad);
            assertTrue(e.getMessage().startsWith("--runs takes run numbers and ranges A-B"), e.getMessage());
        }
    }
}
