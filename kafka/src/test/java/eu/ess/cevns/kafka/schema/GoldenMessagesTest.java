package eu.ess.cevns.kafka.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every golden message of ESS's reference serialisers, both ways: decoding the file gives the
 * manifest's values; encoding those values with this project's writers and decoding the result
 * gives them again (byte equality is not required: builders may lay tables out differently).
 */
class GoldenMessagesTest {
    private static final GoldenMessages GOLDEN = GoldenMessages.load();

    /** Checks a decoded message against the manifest's fields, the same way for the golden and the re-encoded bytes. */
    private static <T> void bothWays(String name, Function<ByteBuffer, T> decode, Function<T, byte[]> encode, Consumer<T> checkAgainstManifest) {
        T golden = decode.apply(GOLDEN.bytes(name));
        checkAgainstManifest.accept(golden);
        byte[] again = encode.apply(golden);
        assertEquals(GOLDEN.entry(name).get("identifier").asText(), FlatTable.identifier(again), name + ": file identifier at bytes 4..7");
        checkAgainstManifest.accept(decode.apply(ByteBuffer.wrap(again)));
    }

    private static long[] longs(JsonNode a) {
        long[] v = new long[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asLong();
        }
        return v;
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    /** "MAJOR (2)" → 2: the manifest writes enum values with their number. */
    private static int enumNumber(JsonNode v) {
        String s = v.asText();
        return Integer.parseInt(s.substring(s.indexOf('(') + 1, s.indexOf(')')));
    }

    @Test
    void everyGoldenMessageIsCoveredByATest() {
        Set<String> tested = Set.of("ev44", "f144", "f144_byte", "se00", "pl72", "6s4t", "al00", "x5f2", "ep01");
        Set<String> present = new TreeSet<>();
        GOLDEN.names().forEach(present::add);
        assertEquals(new TreeSet<>(tested), present, "the tests below cover exactly the manifest's messages");
    }

    @Test
    void ev44() {
        JsonNode f = GOLDEN.fields("ev44");
        bothWays("ev44", EventData::decode, EventData::encode, m -> {
            assertEquals(f.get("source_name").asText(), m.sourceName());
            assertEquals(f.get("message_id").asLong(), m.messageId());
            assertArrayEquals(longs(f.get("reference_time")), m.referenceTime());
            assertArrayEquals(ints(f.get("reference_time_index")), m.referenceTimeIndex());
            assertArrayEquals(ints(f.get("time_of_flight")), m.timeOfFlight());
            assertArrayEquals(ints(f.get("pixel_id")), m.pixelId());
        });
    }

    @Test
    void ev44ThroughThePulseWriterWithBulkCopiesFromTheMiddleOfArrays() {
        JsonNode f = GOLDEN.fields("ev44");
        int[] tof = ints(f.get("time_of_flight"));
        int[] pixel = ints(f.get("pixel_id"));
        long[] ref = longs(f.get("reference_time"));
        // the golden's second pulse (events 3..) written alone, from offset 3 of the arrays
        byte[] b = new EventData.Writer(64).writePulse(f.get("source_name").asText(), 43, ref[1], tof, pixel, 3, tof.length - 3);
        EventData m = EventData.decode(ByteBuffer.wrap(b));
        assertArrayEquals(new long[] {ref[1]}, m.referenceTime());
        assertArrayEquals(new int[] {0}, m.referenceTimeIndex());
        assertArrayEquals(new int[] {tof[3]}, m.timeOfFlight());
        assertArrayEquals(new int[] {pixel[3]}, m.pixelId());
        assertEquals(43, m.messageId());
    }

    private static void checkLog(JsonNode f, LogData m) {
        assertEquals(f.get("source_name").asText(), m.sourceName());
        assertEquals(f.get("timestamp_unix_ns").asLong(), m.timestampNs());
        assertEquals(f.get("value_type").asText().toUpperCase(), m.type().name());
        assertEquals(f.get("value").asDouble(), m.value());
    }

    @Test
    void f144Double() {
        JsonNode f = GOLDEN.fields("f144");
        bothWays("f144", LogData::decode, LogData::encode, m -> checkLog(f, m));
    }

    @Test
    void f144Byte() {
        JsonNode f = GOLDEN.fields("f144_byte");
        bothWays("f144_byte", LogData::decode, LogData::encode, m -> {
            checkLog(f, m);
            assertEquals(f.get("value").asLong(), m.longValue());
        });
    }

    @Test
    void se00Int16Waveform() {
        JsonNode f = GOLDEN.fields("se00");
        bothWays("se00", ArrayData::decode, ArrayData::encode, m -> {
            assertEquals(f.get("name").asText(), m.name());
            assertEquals(f.get("channel").asInt(), m.channel());
            assertEquals(f.get("timestamp_unix_ns").asLong(), m.packetTimestampNs());
            assertEquals(f.get("sample_ts_delta").asDouble(), m.timeDeltaNs());
            assertEquals(f.get("message_counter").asLong(), m.messageCounter());
            assertEquals(ArrayData.ValueType.INT16, m.valueType(), f.get("values_type").asText());
            short[] expected = new short[f.get("values").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (short) f.get("values").get(i).asInt();
            }
            assertArrayEquals(expected, (short[]) m.values());
            assertEquals(f.get("timestamp_location").asText().toUpperCase(), m.location().name());
            assertNull(m.timestamps(), "the golden waveform has no per-sample timestamps");
        });
    }

    @Test
    void se00OfEveryValueTypeWithTimestampsRoundTrips() {
        Object[] arrays = {new byte[] {-1, 2}, new byte[] {(byte) 200, 1}, new short[] {-3, 4}, new short[] {(short) 60000, 5},
                new int[] {-6, 7}, new int[] {-1, 8}, new long[] {-9, 10}, new long[] {-1, 11}, new double[] {1.5, Double.NaN},
                new float[] {2.5f, -0.25f}};
        long[] ts = {1764590400000000000L, 1764590400000000100L};
        List<ArrayData.ValueType> types = new ArrayList<>(List.of(ArrayData.ValueType.values()));
        types.remove(ArrayData.ValueType.NONE);
        for (int k = 0; k < types.size(); k++) {
            ArrayData a = new ArrayData("csi_cryo_energy", -1, ts[0], -1, ArrayData.Location.UNKNOWN, types.get(k), arrays[k], ts, k);
            ArrayData b = ArrayData.decode(ByteBuffer.wrap(a.encode()));
            assertEquals(types.get(k), b.valueType());
            assertEquals(2, b.length());
            for (int i = 0; i < 2; i++) {
                assertEquals(a.value(i), b.value(i), types.get(k) + " value " + i);
            }
            assertArrayEquals(ts, b.timestamps());
            assertEquals(k, b.messageCounter());
            assertEquals(-1, b.channel());
        }
        assertEquals(200, ArrayData.decode(ByteBuffer.wrap(new ArrayData("u", 0, 0, 0, ArrayData.Location.START,
                ArrayData.ValueType.UINT8, new byte[] {(byte) 200}, null, 0).encode())).value(0), "unsigned bytes read unsigned");
    }

    @Test
    void pl72() {
        JsonNode f = GOLDEN.fields("pl72");
        bothWays("pl72", RunStart::decode, RunStart::encode, m -> {
            assertEquals(f.get("job_id").asText(), m.jobId());
            assertEquals(f.get("filename").asText(), m.filename());
            assertEquals(f.get("start_time").asLong(), m.startTimeMs());
            assertEquals(f.get("stop_time").asLong(), m.stopTimeMs());
            assertEquals(f.get("run_name").asText(), m.runName());
            assertEquals(f.get("nexus_structure").asText(), m.nexusStructure());
            assertEquals(f.get("service_id").asText(), m.serviceId());
            assertEquals(f.get("instrument_name").asText(), m.instrumentName());
            assertEquals(f.get("metadata").asText(), m.metadata());
            assertEquals(f.get("control_topic").asText(), m.controlTopic());
        });
    }

    @Test
    void sixS4t() {
        JsonNode f = GOLDEN.fields("6s4t");
        bothWays("6s4t", RunStop::decode, RunStop::encode, m -> {
            assertEquals(f.get("job_id").asText(), m.jobId());
            assertEquals(f.get("run_name").asText(), m.runName());
            assertEquals(f.get("service_id").asText(), m.serviceId());
            assertEquals(f.get("command_id").asText(), m.commandId());
            assertEquals(f.get("stop_time").asLong(), m.stopTimeMs());
        });
    }

    @Test
    void al00() {
        JsonNode f = GOLDEN.fields("al00");
        bothWays("al00", AlarmMessage::decode, AlarmMessage::encode, m -> {
            assertEquals(f.get("source_name").asText(), m.sourceName());
            assertEquals(f.get("timestamp_ns").asLong(), m.timestampNs());
            assertEquals(enumNumber(f.get("severity")), m.severity().ordinal(), f.get("severity").asText());
            assertEquals(f.get("message").asText(), m.message());
        });
    }

    @Test
    void x5f2() {
        JsonNode f = GOLDEN.fields("x5f2");
        bothWays("x5f2", StatusMessage::decode, StatusMessage::encode, m -> {
            assertEquals(f.get("software_name").asText(), m.softwareName());
            assertEquals(f.get("software_version").asText(), m.softwareVersion());
            assertEquals(f.get("service_id").asText(), m.serviceId());
            assertEquals(f.get("host_name").asText(), m.hostName());
            assertEquals(f.get("process_id").asLong(), m.processId());
            assertEquals(f.get("update_interval").asLong(), m.updateIntervalMs());
            assertEquals(f.get("status_json").asText(), m.statusJson());
        });
    }

    @Test
    void ep01() {
        JsonNode f = GOLDEN.fields("ep01");
        bothWays("ep01", ConnectionInfo::decode, ConnectionInfo::encode, m -> {
            assertEquals(f.get("timestamp_ns").asLong(), m.timestampNs());
            assertEquals(enumNumber(f.get("status")), m.status().ordinal(), f.get("status").asText());
            assertEquals(f.get("source_name").asText(), m.sourceName());
            assertEquals(f.get("service_id").asText(), m.serviceId());
        });
    }

    @Test
    void theFileWritersAnswersRoundTrip() {
        ActionResponse a = new ActionResponse("fw-1", "3f9a1c2e-0000-4000-8000-000000000042", ActionResponse.Action.SET_STOP_TIME, false,
                400, 1764594000000L, "Rejected stop command", "5d3a1c2e-0000-4000-8000-000000000001");
        assertEquals(a, ActionResponse.decode(ByteBuffer.wrap(a.encode())));
        FinishedWriting w = new FinishedWriting("fw-1", "3f9a1c2e-0000-4000-8000-000000000042", true, "run.nxs", "{}", "disk full");
        assertEquals(w, FinishedWriting.decode(ByteBuffer.wrap(w.encode())));
    }

    @Test
    void aMessageOfAnotherSchemaIsRefusedNamingBoth() {
        SchemaException e = assertThrows(SchemaException.class, () -> EventData.decode(GOLDEN.bytes("f144")));
        assertTrue(e.getMessage().contains("ev44") && e.getMessage().contains("f144"), e.getMessage());
    }

    @Test
    void everyTruncationOfEveryGoldenMessageIsASchemaErrorOrDecodesNotACrash() {
        List<Function<ByteBuffer, ?>> decoders = List.of(EventData::decode, LogData::decode, LogData::decode, ArrayData::decode,
                RunStart::decode, RunStop::decode, AlarmMessage::decode, StatusMessage::decode, ConnectionInfo::decode);
        String[] names = {"ev44", "f144", "f144_byte", "se00", "pl72", "6s4t", "al00", "x5f2", "ep01"};
        for (int k = 0; k < names.length; k++) {
            byte[] whole = GOLDEN.bytes(names[k]).array();
            for (int n = 0; n < whole.length; n++) {
                ByteBuffer cut = ByteBuffer.wrap(whole, 0, n);
                try {
                    decoders.get(k).apply(cut);
                } catch (SchemaException expected) {
                    // a clear refusal is the point
                }
            }
            // and every byte flipped to 0xFF in turn
            for (int i = 0; i < whole.length; i++) {
                byte[] bad = whole.clone();
                bad[i] = (byte) 0xFF;
                try {
                    decoders.get(k).apply(ByteBuffer.wrap(bad));
                } catch (SchemaException expected) {
                    // refused
                }
            }
        }
    }
}
