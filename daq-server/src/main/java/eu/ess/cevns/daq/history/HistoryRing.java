package eu.ess.cevns.daq.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tier of the status history: a file of fixed size holding {@code buckets} time buckets of
 * {@code resolutionS} seconds, each in the slot its start time names ({@code start / resolution mod
 * buckets}), so the newest bucket overwrites the one a full cycle older and the file never grows.
 * A slot is its bucket's start (i64 epoch seconds, 0 for never written) and one f32 per column
 * (NaN: no data); a slot whose start is not the bucket asked for is a gap. The header names the
 * columns, so a file written with other series (an extension added or gone) is carried over column
 * by column into the new layout. Little-endian, memory-mapped; not thread-safe (the
 * {@link StatusHistory} serialises). {@code formats.md} draws the layout.
 *
 * <pre>
 *   0  magic "CEVNSHST"       8  u16 format (1)   10 u16 columns n   12 i32 resolution s
 *  16  i32 buckets           20  i32 header bytes H (a multiple of 8)
 *  24  column names, each u16 length + UTF-8, zero padding to H
 *   H  slot 0: i64 bucket start, f32 × n;  slot 1 at H + (8 + 4n); …
 * </pre>
 */
final class HistoryRing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRing.class);
    static final byte[] MAGIC = "CEVNSHST".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final int COLUMNS_OFFSET = 24;
    private static final int SLOT_TIME_BYTES = 8;

    /** What a file holds: resolution, buckets and column names. */
    record Layout(int resolutionS, int buckets, List<String> columns) {
        Layout {
            columns = List.copyOf(columns);
        }

        int headerBytes() {
            int n = COLUMNS_OFFSET;
            for (String c : columns) {
                n += 2 + c.getBytes(StandardCharsets.UTF_8).length;
            }
            return (n + 7) / 8 * 8;
        }

        int slotBytes() {
            return SLOT_TIME_BYTES + 4 * columns.size();
        }

        long fileBytes() {
            return headerBytes() + (long) buckets * slotBytes();
        }
    }

    private final Path file;
    private final Layout layout;
    private final int header;
    private final int slotBytes;
    private final FileChannel channel;
    private final MappedByteBuffer map;

    private HistoryRing(Path file, Layout layout) throws IOException {
        this.file = file;
        this.layout = layout;
        this.header = layout.headerBytes();
        this.slotBytes = layout.slotBytes();
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.map = channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.fileBytes());
        this.map.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Opens the tier's file, creating it at its full size if missing, carrying an existing file with
     * other columns or another number of buckets over into this layout, and setting aside (renamed
     * {@code .unreadable-<time>}, logged) a file that is not a history file of this resolution.
     */
    static HistoryRing open(Path file, Layout layout) throws IOException {
        if (layout.fileBytes() > Integer.MAX_VALUE) {
            throw new IOException("history file " + file + " would need " + layout.fileBytes() + " bytes (" + layout.buckets()
                    + " buckets of " + layout.columns().size() + " series); at most 2 GiB: keep fewer buckets (history.*.keepS)");
        }
        if (Files.exists(file)) {
            Layout old = readLayout(file);
            if (old == null || old.resolutionS() != layout.resolutionS()) {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis() / 1000);
                LOG.warn("{} is not a status history file of {} s buckets; moved to {} and starting an empty one", file,
                        layout.resolutionS(), aside.getFileName());
                Files.move(file, aside);
            } else if (!old.equals(layout)) {
                migrate(file, old, layout);
            }
        }
        if (!Files.exists(file)) {
            create(file, layout);
        }
        return new HistoryRing(file, layout);
    }

    Layout layout() {
        return layout;
    }

    int resolutionS() {
        return layout.resolutionS();
    }

    /** The bucket holding second {@code epochS}. */
    long bucketOf(long epochS) {
        return Math.floorDiv(epochS, layout.resolutionS()) * layout.resolutionS();
    }

    private int slotAt(long bucket) {
        long i = Math.floorMod(Math.floorDiv(bucket, layout.resolutionS()), (long) layout.buckets());
        return header + (int) i * slotBytes;
    }

    /** Writes bucket {@code bucket} (its start, a multiple of the resolution) with one value per column. */
    void write(long bucket, float[] values) {
        int at = slotAt(bucket);
        for (int k = 0; k < values.length; k++) {
            map.putFloat(at + SLOT_TIME_BYTES + 4 * k, values[k]);
        }
        // the time last: a slot names its bucket only once its values are in
        map.putLong(at, bucket);
    }

    /** Reads bucket {@code bucket} into {@code out}; false (and {@code out} untouched) when the file does not hold it. */
    boolean read(long bucket, float[] out) {
        int at = slotAt(bucket);
        if (map.getLong(at) != bucket || bucket == 0) {
            return false;
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = map.getFloat(at + SLOT_TIME_BYTES + 4 * k);
        }
        return true;
    }

    /** The oldest bucket the file holds, or empty (Long.MAX_VALUE) when it holds none. */
    long oldest() {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < layout.buckets(); i++) {
            long t = map.getLong(header + i * slotBytes);
            if (t != 0 && t < oldest) {
                oldest = t;
            }
        }
        return oldest;
    }

    /** Pushes what was written to the disk (a power cut then loses at most what came after). */
    void force() {
        map.force();
    }

    @Override
    public void close() {
        try {
            map.force();
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing {}: {}", file, e.toString());
        }
    }

    private static void create(Path file, Layout layout) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = ByteBuffer.allocate(layout.headerBytes()).order(ByteOrder.LITTLE_ENDIAN);
            h.put(MAGIC).putShort((short) FORMAT).putShort((short) layout.columns().size()).putInt(layout.resolutionS())
                    .putInt(layout.buckets()).putInt(layout.headerBytes());
            for (String c : layout.columns()) {
                byte[] b = c.getBytes(StandardCharsets.UTF_8);
                h.putShort((short) b.length).put(b);
            }
            h.rewind();
            writeFully(out, h);
            // the whole budget is taken now, written with zeros (empty slots), so a full disk later cannot cut the history
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            long left = layout.fileBytes() - layout.headerBytes();
            while (left > 0) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), left));
                left -= zeros.remaining();
                writeFully(out, zeros);
            }
            out.force(true);
        }
        move(tmp, file);
    }

    /** The layout a file's header describes, or null if it is not a history file or its size disagrees with its header. */
    static Layout readLayout(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer fixed = ByteBuffer.allocate(COLUMNS_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
            if (in.read(fixed, 0) < COLUMNS_OFFSET) {
                return null;
            }
            fixed.flip();
            byte[] magic = new byte[MAGIC.length];
            fixed.get(magic);
            int format = Short.toUnsignedInt(fixed.getShort());
            int columns = Short.toUnsignedInt(fixed.getShort());
            int resolution = fixed.getInt();
            int buckets = fixed.getInt();
            int headerBytes = fixed.getInt();
            if (!Arrays.equals(magic, MAGIC) || format != FORMAT || resolution < 1 || buckets < 1 || headerBytes < COLUMNS_OFFSET
                    || headerBytes > 1 << 20) {
                return null;
            }
            ByteBuffer names = ByteBuffer.allocate(headerBytes - COLUMNS_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
            in.read(names, COLUMNS_OFFSET);
            names.flip();
            List<String> cols = new ArrayList<>();
            for (int k = 0; k < columns; k++) {
                int n = Short.toUnsignedInt(names.getShort());
                byte[] b = new byte[n];
                names.get(b);
                cols.add(new String(b, StandardCharsets.UTF_8));
            }
            Layout l = new Layout(resolution, buckets, cols);
            return l.headerBytes() == headerBytes && in.size() == l.fileBytes() ? l : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Rewrites {@code file} from layout {@code old} into {@code next}: each bucket it holds, each column kept by name. */
    private static void migrate(Path file, Layout old, Layout next) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".migrating");
        Files.deleteIfExists(tmp);
        create(tmp, next);
        int carried = 0;
        try (HistoryRing from = new HistoryRing(file, old); HistoryRing to = new HistoryRing(tmp, next)) {
            int[] source = new int[next.columns().size()];
            for (int k = 0; k < source.length; k++) {
                source[k] = old.columns().indexOf(next.columns().get(k));
            }
            float[] in = new float[old.columns().size()];
            float[] out = new float[source.length];
            for (int i = 0; i < old.buckets(); i++) {
                long bucket = from.map.getLong(from.header + i * from.slotBytes);
                if (bucket == 0 || !from.read(bucket, in)) {
                    continue;
                }
                // where two old buckets share a new slot (fewer buckets now), the newer stays
                int at = to.slotAt(bucket);
                long there = to.map.getLong(at);
                if (there > bucket) {
                    continue;
                }
                for (int k = 0; k < source.length; k++) {
                    out[k] = source[k] < 0 ? Float.NaN : in[source[k]];
                }
                to.write(bucket, out);
                carried++;
            }
        }
        move(tmp, file);
        LOG.info("status history {}: carried {} buckets over to {} series, {} buckets (was {} series, {} buckets)", file.getFileName(),
                carried, next.columns().size(), next.buckets(), old.columns().size(), old.buckets());
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
