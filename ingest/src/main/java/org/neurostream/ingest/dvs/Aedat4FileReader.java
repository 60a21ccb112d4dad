package org.neurostream.ingest.dvs;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reader of iniVation AEDAT 4.0 files: events of the first event stream (typeIdentifier EVTS) in
 * the header's infoNode; the other streams (IMU, triggers, frames) are skipped undecompressed.
 *
 * <pre>
 *   "#!AER-DAT4.0\r\n"                           14 bytes
 *   int32 L, IOHeader FlatBuffer (L bytes)        compression, dataTablePosition, infoNode XML
 *   packets: int32 streamId, int32 size, payload  until dataTablePosition (or EOF when it is -1)
 *   FileDataTable (compressed FlatBuffer "FTAB")  from dataTablePosition to EOF
 * </pre>
 *
 * <p>A payload is compressed (none, LZ4 frame, zstd frame) and then a size-prefixed FlatBuffer
 * "EVTS" whose field 0 is a vector of 16-byte events: int64 t (us since the Unix epoch), int16 x,
 * int16 y, uint8 polarity, 3 pad bytes. The table's numElements for the event stream give {@link
 * #declaredEventCount()}.
 */
final class Aedat4FileReader extends EventFileReader {
    static final String MAGIC = "#!AER-DAT4.0\r\n";

    private static final int HEADER_START = MAGIC.length() + 4;
    private static final int EVENT_BYTES = 16;
    private static final int NONE = 0;
    private static final int LZ4 = 1;
    private static final int LZ4_HIGH = 2;
    private static final int ZSTD = 3;
    private static final int ZSTD_HIGH = 4;

    private final FileChannel channel;
    private final int compression;
    private final int eventStream;
    private final long fileSize;
    private final long tablePosition;
    private final long dataEnd;
    private final OptionalLong declared;
    private final Lz4FrameDecoder lz4 = new Lz4FrameDecoder();
    private final FlatBufferView flat = new FlatBufferView();
    private final ByteBuffer packetHeader = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] packet = new byte[1 << 16];
    private byte[] inflated = new byte[1 << 16];
    private long position;
    private byte[] events;
    private int eventAt;
    private int eventsLeft;

    private Aedat4FileReader(
            final Path file,
            final TimeOrder order,
            final FileChannel channel,
            final Header header,
            final long fileSize)
            throws IOException {
        super(file, EventFormat.AEDAT4, header.width, header.height, order);
        this.channel = channel;
        this.compression = header.compression;
        this.eventStream = header.eventStream;
        this.fileSize = fileSize;
        this.tablePosition = header.tablePosition;
        this.dataEnd = tablePosition >= 0 ? Math.min(tablePosition, fileSize) : fileSize;
        this.position = header.dataStart;
        this.declared =
                tablePosition >= 0 && tablePosition < fileSize ? readTable() : OptionalLong.empty();
    }

    /** Parses the magic and the IOHeader; {@code head} holds the first bytes of the file. */
    static Aedat4FileReader open(
            final Path file, final FileChannel channel, final byte[] head, final TimeOrder order)
            throws IOException {
        if (!startsWith(head, MAGIC)) {
            int eol = 0;
            while (eol < Math.min(head.length, 32) && head[eol] != '\r' && head[eol] != '\n') {
                eol++;
            }
            throw new EventFormatException(
                    file,
                    0,
                    "AEDAT version '"
                            + new String(head, 2, Math.max(0, eol - 2), StandardCharsets.ISO_8859_1)
                            + "' is not supported (AER-DAT4.0 is)");
        }
        final long size = channel.size();
        if (size < HEADER_START) {
            throw new EventFormatException(
                    file, MAGIC.length(), "file ends inside the header length");
        }
        final int length = Bytes.intLe(head, MAGIC.length());
        if (length <= 8 || HEADER_START + (long) length > size) {
            throw new EventFormatException(
                    file,
                    MAGIC.length(),
                    "header length " + length + " does not fit in the file (" + size + " bytes)");
        }
        final byte[] bytes = new byte[length];
        readFully(channel, ByteBuffer.wrap(bytes), HEADER_START);
        final Header header = Header.parse(file, bytes);
        header.dataStart = HEADER_START + length;
        return new Aedat4FileReader(file, order, channel, header, size);
    }

    @Override
    void decode(final EventBatch out) throws IOException {
        final long[] ts = out.t;
        final short[] xs = out.x;
        final short[] ys = out.y;
        final byte[] ps = out.p;
        final int capacity = ts.length;
        while (out.size < capacity) {
            if (eventsLeft == 0) {
                if (!nextEventPacket()) {
                    return;
                }
                continue;
            }
            final int count = Math.min(eventsLeft, capacity - out.size);
            final byte[] b = events;
            int at = eventAt;
            int n = out.size;
            for (int k = 0; k < count; k++, at += EVENT_BYTES, n++) {
                ts[n] = Bytes.longLe(b, at);
                xs[n] = Bytes.shortLe(b, at + 8);
                ys[n] = Bytes.shortLe(b, at + 10);
                ps[n] = (byte) (b[at + 12] != 0 ? 1 : 0);
            }
            out.size = n;
            eventAt = at;
            eventsLeft -= count;
        }
    }

    /**
     * Reads packets up to the next one of the event stream and points at its events.
     *
     * @return false at the end of the data or at a fault (already recorded)
     */
    private boolean nextEventPacket() throws IOException {
        while (true) {
            if (position >= dataEnd) {
                if (tablePosition >= fileSize) {
                    fail(
                            fileSize,
                            "truncated: the file ends before the data table declared at byte "
                                    + tablePosition);
                } else {
                    end();
                }
                return false;
            }
            final long left = dataEnd - position;
            if (left < 8) {
                fail(position, "truncated packet header: " + left + " of 8 bytes");
                return false;
            }
            packetHeader.clear();
            readFully(channel, packetHeader, position);
            final int stream = packetHeader.getInt(0);
            final int size = packetHeader.getInt(4);
            if (size < 0 || size > left - 8) {
                fail(
                        position,
                        "truncated or corrupt packet of stream "
                                + stream
                                + ": it declares "
                                + size
                                + " bytes, "
                                + (left - 8)
                                + " remain");
                return false;
            }
            final long at = position;
            position += 8 + (long) size;
            if (stream != eventStream) {
                continue;
            }
            if (packet.length < size) {
                packet = new byte[Math.max(size, 2 * packet.length)];
            }
            readFully(channel, ByteBuffer.wrap(packet, 0, size), at + 8);
            try {
                final byte[] data;
                final int length;
                if (compression == NONE) {
                    data = packet;
                    length = size;
                } else if (compression == LZ4 || compression == LZ4_HIGH) {
                    length = lz4.decompress(packet, 0, size);
                    data = lz4.buffer();
                } else {
                    length = zstd(packet, size);
                    data = inflated;
                }
                pointAtEvents(data, length);
                return true;
            } catch (final MalformedDataException e) {
                fail(at, "packet of stream " + stream + ": " + e.getMessage());
                return false;
            }
        }
    }

    private void pointAtEvents(final byte[] data, final int length) throws MalformedDataException {
        final int limit = sizePrefixedLimit(data, length);
        flat.wrap(data, limit);
        final String identifier = flat.identifier(8);
        if (!identifier.equals("EVTS")) {
            throw new MalformedDataException(
                    "holds a '" + identifier + "' FlatBuffer, expected EVTS");
        }
        final int vector = flat.vector(flat.root(4), 0, EVENT_BYTES);
        events = data;
        eventAt = vector + 4;
        eventsLeft = vector < 0 ? 0 : flat.length(vector);
    }

    /** Checks the uint32 size prefix and returns the end of the FlatBuffer it announces. */
    private static int sizePrefixedLimit(final byte[] data, final int length)
            throws MalformedDataException {
        if (length < 12) {
            throw new MalformedDataException(
                    "decompressed payload of " + length + " bytes is too short");
        }
        final long size = Bytes.intLe(data, 0) & 0xFFFF_FFFFL;
        if (size + 4 > length || size < 8) {
            throw new MalformedDataException(
                    "FlatBuffer size prefix "
                            + size
                            + " does not fit the "
                            + length
                            + " decompressed bytes");
        }
        return (int) (size + 4);
    }

    private int zstd(final byte[] src, final int length) throws MalformedDataException {
        try (ZstdInputStreamNoFinalizer in =
                new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(src, 0, length))) {
            int n = 0;
            while (true) {
                if (n == inflated.length) {
                    inflated = Arrays.copyOf(inflated, 2 * inflated.length);
                }
                final int r = in.read(inflated, n, inflated.length - n);
                if (r < 0) {
                    return n;
                }
                n += r;
            }
        } catch (final IOException e) {
            throw new MalformedDataException("zstd: " + e.getMessage());
        }
    }

    /** Sums the table's element counts of the event stream; empty when the table is unreadable. */
    private OptionalLong readTable() throws IOException {
        final long length = fileSize - tablePosition;
        if (length > Integer.MAX_VALUE - 8) {
            return OptionalLong.empty();
        }
        final byte[] raw = new byte[(int) length];
        readFully(channel, ByteBuffer.wrap(raw), tablePosition);
        try {
            final byte[] data;
            final int size;
            if (compression == NONE) {
                data = raw;
                size = raw.length;
            } else if (compression == LZ4 || compression == LZ4_HIGH) {
                size = lz4.decompress(raw, 0, raw.length);
                data = Arrays.copyOf(lz4.buffer(), size);
            } else {
                size = zstd(raw, raw.length);
                data = Arrays.copyOf(inflated, size);
            }
            flat.wrap(data, sizePrefixedLimit(data, size));
            if (!flat.identifier(8).equals("FTAB")) {
                return OptionalLong.empty();
            }
            final int vector = flat.vector(flat.root(4), 0, 4);
            long total = 0;
            for (int i = 0; vector >= 0 && i < flat.length(vector); i++) {
                final int entry = flat.indirect(vector + 4 + 4 * i);
                // field 1 is the inline struct PacketHeader {int32 streamId, int32 size}
                if (flat.intField(entry, 1, -1) == eventStream) {
                    total += flat.longField(entry, 2, 0);
                }
            }
            return OptionalLong.of(total);
        } catch (final MalformedDataException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public OptionalLong declaredEventCount() {
        return declared;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** What the IOHeader says. */
    private static final class Header {
        int compression;
        long tablePosition;
        int eventStream;
        int width;
        int height;
        long dataStart;

        static Header parse(final Path file, final byte[] bytes) throws EventFormatException {
            final Header h = new Header();
            final String info;
            try {
                final FlatBufferView view = new FlatBufferView().wrap(bytes, bytes.length);
                final int root = view.root(0);
                h.compression = view.intField(root, 0, NONE);
                h.tablePosition = view.longField(root, 1, -1);
                info = view.string(root, 2);
            } catch (final MalformedDataException e) {
                throw new EventFormatException(file, HEADER_START, "IOHeader: " + e.getMessage());
            }
            if (h.compression < NONE || h.compression > ZSTD_HIGH) {
                throw new EventFormatException(
                        file, HEADER_START, "IOHeader: unknown compression code " + h.compression);
            }
            if (info == null) {
                throw new EventFormatException(file, HEADER_START, "IOHeader has no infoNode");
            }
            h.eventStream = -1;
            try {
                final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                final Element root =
                        factory.newDocumentBuilder()
                                .parse(new InputSource(new StringReader(info)))
                                .getDocumentElement();
                final Element outInfo = child(root, "node", "outInfo");
                for (Node n = outInfo == null ? null : outInfo.getFirstChild();
                        n != null;
                        n = n.getNextSibling()) {
                    if (n instanceof Element
                            && "node".equals(n.getNodeName())
                            && "EVTS".equals(attr((Element) n, "typeIdentifier"))) {
                        h.eventStream =
                                Integer.parseInt(((Element) n).getAttribute("name").strip());
                        final Element streamInfo = child((Element) n, "node", "info");
                        if (streamInfo != null) {
                            h.width = parseSize(attr(streamInfo, "sizeX"));
                            h.height = parseSize(attr(streamInfo, "sizeY"));
                        }
                        break;
                    }
                }
            } catch (final ParserConfigurationException
                    | SAXException
                    | IOException
                    | NumberFormatException e) {
                throw new EventFormatException(
                        file, HEADER_START, "infoNode XML: " + e.getMessage());
            }
            if (h.eventStream < 0) {
                throw new EventFormatException(
                        file,
                        HEADER_START,
                        "no event stream (typeIdentifier EVTS) in the header's infoNode");
            }
            return h;
        }

        private static Element child(final Element parent, final String tag, final String name) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element
                        && tag.equals(n.getNodeName())
                        && name.equals(((Element) n).getAttribute("name"))) {
                    return (Element) n;
                }
            }
            return null;
        }

        /** Text of the {@code <attr key="...">} child, or null. */
        private static String attr(final Element node, final String key) {
            for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element
                        && "attr".equals(n.getNodeName())
                        && key.equals(((Element) n).getAttribute("key"))) {
                    return n.getTextContent().strip();
                }
            }
            return null;
        }

        private static int parseSize(final String text) {
            return text == null ? 0 : Math.max(0, Integer.parseInt(text));
        }
    }
}
