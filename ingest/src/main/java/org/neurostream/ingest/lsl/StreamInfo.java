package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The description of one LSL stream, as its outlet announces it: the short info (identity, format,
 * endpoints, an empty {@code <desc>}) answered to discovery queries, and the full info (with the
 * {@code <desc>} tree: channel labels, units and types under {@code desc/channels/channel}) served
 * on the data port. Written byte for byte as liblsl writes it (an XML declaration, tab indentation,
 * numbers with 16 significant digits), read as liblsl reads it (the same fields checked).
 *
 * <p>Immutable; {@link #served} and {@link #withV4Address} make changed copies.
 */
public final class StreamInfo {
    /** Nominal rate of a stream without a regular rate (markers, events). */
    public static final double IRREGULAR_RATE = 0.0;

    private final String name;
    private final String type;
    private final int channelCount;
    private final double nominalSrate;
    private final ChannelFormat channelFormat;
    private final String sourceId;
    private final int version;
    private final double createdAt;
    private final String uid;
    private final String sessionId;
    private final String hostname;
    private final String v4address;
    private final int v4dataPort;
    private final int v4servicePort;
    private final String v6address;
    private final int v6dataPort;
    private final int v6servicePort;

    /** The {@code <info>} element of a document of its own; never changed after construction. */
    private final Element info;

    private StreamInfo(final Fields f) {
        this.name = f.name;
        this.type = f.type;
        this.channelCount = f.channelCount;
        this.nominalSrate = f.nominalSrate;
        this.channelFormat = f.channelFormat;
        this.sourceId = f.sourceId;
        this.version = f.version;
        this.createdAt = f.createdAt;
        this.uid = f.uid;
        this.sessionId = f.sessionId;
        this.hostname = f.hostname;
        this.v4address = f.v4address;
        this.v4dataPort = f.v4dataPort;
        this.v4servicePort = f.v4servicePort;
        this.v6address = f.v6address;
        this.v6dataPort = f.v6dataPort;
        this.v6servicePort = f.v6servicePort;
        this.info = buildDocument(f);
    }

    /**
     * Starts the description of a stream to serve.
     *
     * @param nominalSrate samples per second, or {@link #IRREGULAR_RATE}
     * @param sourceId a unique id of the source (device serial, file), so that inlets can recover
     *     the stream when its outlet restarts; may be empty
     */
    public static Builder builder(
            final String name,
            final String type,
            final int channelCount,
            final double nominalSrate,
            final ChannelFormat format,
            final String sourceId) {
        return new Builder(name, type, channelCount, nominalSrate, format, sourceId);
    }

    /** The stream's name, e.g. "BioSemi". */
    public String name() {
        return name;
    }

    /** The content type, e.g. "EEG", "Markers"; may be empty. */
    public String type() {
        return type;
    }

    /** Channels per sample. */
    public int channelCount() {
        return channelCount;
    }

    /** Samples per second; 0 ({@link #IRREGULAR_RATE}) for irregular streams. */
    public double nominalSrate() {
        return nominalSrate;
    }

    /** The value format of every channel. */
    public ChannelFormat channelFormat() {
        return channelFormat;
    }

    /** The unique id of the source (device serial, file); empty when it has none. */
    public String sourceId() {
        return sourceId;
    }

    /** Protocol version times 100 (110 for 1.10). */
    public int version() {
        return version;
    }

    /** LSL time the outlet was created, s. */
    public double createdAt() {
        return createdAt;
    }

    /** The outlet instance's unique id; a restarted outlet has a new one. */
    public String uid() {
        return uid;
    }

    /** The lab session (liblsl's SessionID); resolvers see only streams of their own. */
    public String sessionId() {
        return sessionId;
    }

    /** The name of the host serving the stream. */
    public String hostname() {
        return hostname;
    }

    /** The IPv4 address the stream was discovered at; empty in an outlet's own info. */
    public String v4address() {
        return v4address;
    }

    /** The TCP port of the info requests and the stream feed. */
    public int v4dataPort() {
        return v4dataPort;
    }

    /** The UDP port of discovery queries and clock probes. */
    public int v4servicePort() {
        return v4servicePort;
    }

    /** Channel labels ({@code desc/channels/channel/label}), empty where the stream has none. */
    public List<String> channelLabels() {
        return channelField("label");
    }

    /** Channel units ({@code desc/channels/channel/unit}), empty where the stream has none. */
    public List<String> channelUnits() {
        return channelField("unit");
    }

    /** Channel types ({@code desc/channels/channel/type}), empty where the stream has none. */
    public List<String> channelTypes() {
        return channelField("type");
    }

    /** The {@code <desc>} element (read-only by contract: do not change it). */
    public Element desc() {
        return child(info, "desc");
    }

    /** The {@code <info>} element, the context node of discovery queries. */
    Element infoElement() {
        return info;
    }

    /** Whether this stream matches {@code query} (see {@link StreamQuery}). */
    public boolean matches(final StreamQuery query) {
        return query.matches(this);
    }

    /** A copy as its outlet serves it: a new uid, its creation time, session, host and ports. */
    public StreamInfo served(
            final String newUid,
            final double newCreatedAt,
            final String newSessionId,
            final String newHostname,
            final int dataPort,
            final int servicePort) {
        final Fields f = fields();
        f.uid = newUid;
        f.createdAt = newCreatedAt;
        f.sessionId = newSessionId;
        f.hostname = newHostname;
        f.v4dataPort = dataPort;
        f.v4servicePort = servicePort;
        return new StreamInfo(f);
    }

    /** A copy with the endpoint of {@code other} (its address and ports). */
    public StreamInfo withEndpointOf(final StreamInfo other) {
        final Fields f = fields();
        f.v4address = other.v4address;
        f.v4dataPort = other.v4dataPort;
        f.v4servicePort = other.v4servicePort;
        f.v6address = other.v6address;
        f.v6dataPort = other.v6dataPort;
        f.v6servicePort = other.v6servicePort;
        return new StreamInfo(f);
    }

    /** A copy with the IPv4 address it was discovered at. */
    public StreamInfo withV4Address(final String address) {
        final Fields f = fields();
        f.v4address = address;
        return new StreamInfo(f);
    }

    /** The short info (desc left empty), the answer to a discovery query. */
    public String toShortInfoXml() {
        final StringBuilder out = new StringBuilder(700);
        out.append("<?xml version=\"1.0\"?>\n");
        final Element copy = (Element) info.cloneNode(true);
        final Element desc = child(copy, "desc");
        while (desc != null && desc.getFirstChild() != null) {
            desc.removeChild(desc.getFirstChild());
        }
        XmlText.write(copy, 0, out);
        return out.toString();
    }

    /** The full info, with its desc tree, the answer to {@code LSL:fullinfo}. */
    public String toFullInfoXml() {
        final StringBuilder out = new StringBuilder(1024);
        out.append("<?xml version=\"1.0\"?>\n");
        XmlText.write(info, 0, out);
        return out.toString();
    }

    /**
     * Reads a short or full info, checking what liblsl checks.
     *
     * @throws LslProtocolException with the reason (the caller adds the peer) when the text is not
     *     XML, has no {@code <info>}, or a field is missing or out of range
     */
    public static StreamInfo parse(final String xml) throws LslProtocolException {
        final Document doc;
        try {
            doc = newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (final SAXException | IOException e) {
            throw new LslProtocolException("malformed stream info XML: " + oneLine(e.getMessage()));
        }
        final Element info = doc.getDocumentElement();
        if (info == null || !"info".equals(info.getNodeName())) {
            throw new LslProtocolException("malformed stream info: the root element is not <info>");
        }
        final Fields f = new Fields();
        f.name = text(info, "name");
        if (f.name.isEmpty()) {
            throw new LslProtocolException("malformed stream info: empty <name>");
        }
        f.type = text(info, "type");
        f.channelCount = bounded(info, "channel_count", 0, Integer.MAX_VALUE);
        f.nominalSrate = decimal(info, "nominal_srate");
        if (!(f.nominalSrate >= 0) || Double.isInfinite(f.nominalSrate)) {
            throw new LslProtocolException(
                    "malformed stream info: <nominal_srate> must be >= 0, got "
                            + text(info, "nominal_srate"));
        }
        final String format = text(info, "channel_format");
        f.channelFormat = ChannelFormat.fromXmlName(format);
        if (f.channelFormat == null) {
            throw new LslProtocolException(
                    "malformed stream info: unknown <channel_format> '" + format + "'");
        }
        f.sourceId = text(info, "source_id");
        f.version = (int) (decimal(info, "version") * 100);
        if (f.version <= 0) {
            throw new LslProtocolException("malformed stream info: <version> must be positive");
        }
        f.createdAt = decimal(info, "created_at");
        f.uid = text(info, "uid");
        if (f.uid.isEmpty()) {
            throw new LslProtocolException("malformed stream info: empty <uid>");
        }
        f.sessionId = text(info, "session_id");
        f.hostname = text(info, "hostname");
        f.v4address = text(info, "v4address");
        f.v4dataPort = bounded(info, "v4data_port", 0, 65535);
        f.v4servicePort = bounded(info, "v4service_port", 0, 65535);
        f.v6address = text(info, "v6address");
        f.v6dataPort = bounded(info, "v6data_port", 0, 65535);
        f.v6servicePort = bounded(info, "v6service_port", 0, 65535);
        final Element desc = child(info, "desc");
        f.desc = desc == null ? null : (Element) desc.cloneNode(true);
        return new StreamInfo(f);
    }

    @Override
    public String toString() {
        return "StreamInfo["
                + name
                + ", "
                + type
                + ", "
                + channelCount
                + " x "
                + channelFormat
                + " @ "
                + nominalSrate
                + " Hz, source "
                + sourceId
                + ", uid "
                + uid
                + "]";
    }

    // ----------------------------------------------------------------------------------------

    private List<String> channelField(final String field) {
        final Element channels = child(desc(), "channels");
        if (channels == null) {
            return List.of();
        }
        final List<String> out = new ArrayList<>();
        boolean any = false;
        for (Node n = channels.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "channel".equals(e.getNodeName())) {
                final Element value = child(e, field);
                out.add(value == null ? "" : value.getTextContent());
                any |= value != null;
            }
        }
        return any ? Collections.unmodifiableList(out) : List.of();
    }

    private Fields fields() {
        final Fields f = new Fields();
        f.name = name;
        f.type = type;
        f.channelCount = channelCount;
        f.nominalSrate = nominalSrate;
        f.channelFormat = channelFormat;
        f.sourceId = sourceId;
        f.version = version;
        f.createdAt = createdAt;
        f.uid = uid;
        f.sessionId = sessionId;
        f.hostname = hostname;
        f.v4address = v4address;
        f.v4dataPort = v4dataPort;
        f.v4servicePort = v4servicePort;
        f.v6address = v6address;
        f.v6dataPort = v6dataPort;
        f.v6servicePort = v6servicePort;
        f.desc = desc();
        return f;
    }

    private static Element buildDocument(final Fields f) {
        final Document doc = newBuilder().newDocument();
        final Element info = doc.createElement("info");
        doc.appendChild(info);
        add(info, "name", f.name);
        add(info, "type", f.type);
        add(info, "channel_count", Integer.toString(f.channelCount));
        add(info, "channel_format", f.channelFormat.xmlName());
        add(info, "source_id", f.sourceId);
        add(info, "nominal_srate", formatDouble(f.nominalSrate));
        add(info, "version", formatDouble(f.version / 100.0));
        add(info, "created_at", formatDouble(f.createdAt));
        add(info, "uid", f.uid);
        add(info, "session_id", f.sessionId);
        add(info, "hostname", f.hostname);
        add(info, "v4address", f.v4address);
        add(info, "v4data_port", Integer.toString(f.v4dataPort));
        add(info, "v4service_port", Integer.toString(f.v4servicePort));
        add(info, "v6address", f.v6address);
        add(info, "v6data_port", Integer.toString(f.v6dataPort));
        add(info, "v6service_port", Integer.toString(f.v6servicePort));
        if (f.desc != null) {
            info.appendChild(doc.importNode(f.desc, true));
        } else {
            info.appendChild(doc.createElement("desc"));
        }
        return info;
    }

    private static void add(final Element parent, final String tag, final String value) {
        final Element e = parent.getOwnerDocument().createElement(tag);
        // an empty value is kept as an empty text node: pugixml writes it as <tag></tag>
        e.appendChild(parent.getOwnerDocument().createTextNode(value));
        parent.appendChild(e);
    }

    /**
     * A double as liblsl writes one into a stream info: C++ stream output with precision 16 and
     * showpoint ({@code "100.0000000000000"}, {@code "1.100000000000000"}).
     */
    static String formatDouble(final double value) {
        if (value == 0) {
            return "0.000000000000000";
        }
        final String s = String.format(Locale.ROOT, "%.16g", value);
        // C writes the exponent with at least two digits, as Java does; only the case differs
        return s.replace('E', 'e');
    }

    static Element child(final Element parent, final String tag) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getNodeName())) {
                return e;
            }
        }
        return null;
    }

    private static String text(final Element info, final String tag) {
        final Element e = child(info, tag);
        return e == null ? "" : e.getTextContent();
    }

    private static int bounded(final Element info, final String tag, final int min, final int max)
            throws LslProtocolException {
        final String t = text(info, tag).strip();
        final long v;
        try {
            v = Long.parseLong(t);
        } catch (final NumberFormatException e) {
            throw new LslProtocolException(
                    "malformed stream info: <" + tag + "> is not an integer: '" + t + "'");
        }
        if (v < min || v > max) {
            throw new LslProtocolException(
                    "malformed stream info: <"
                            + tag
                            + "> must be in ["
                            + min
                            + ", "
                            + max
                            + "], got "
                            + t);
        }
        return (int) v;
    }

    private static double decimal(final Element info, final String tag)
            throws LslProtocolException {
        final String t = text(info, tag).strip();
        try {
            return Double.parseDouble(t);
        } catch (final NumberFormatException e) {
            throw new LslProtocolException(
                    "malformed stream info: <" + tag + "> is not a number: '" + t + "'");
        }
    }

    private static String oneLine(final String s) {
        return s == null ? "unreadable" : s.replaceAll("\\s+", " ").strip();
    }

    /** A namespace-unaware parser that refuses DTDs and external entities. */
    static DocumentBuilder newBuilder() {
        try {
            final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            final DocumentBuilder b = f.newDocumentBuilder();
            // no messages to stderr from the parser: a bad document is our exception, one line
            b.setErrorHandler(null);
            return b;
        } catch (final ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser with secure processing", e);
        }
    }

    /** Mutable fields while a StreamInfo is made. */
    private static final class Fields {
        String name = "";
        String type = "";
        int channelCount;
        double nominalSrate;
        ChannelFormat channelFormat = ChannelFormat.FLOAT32;
        String sourceId = "";
        int version = LslConfig.PROTOCOL_VERSION;
        double createdAt;
        String uid = "";
        String sessionId = "";
        String hostname = "";
        String v4address = "";
        int v4dataPort;
        int v4servicePort;
        String v6address = "";
        int v6dataPort;
        int v6servicePort;
        Element desc;
    }

    /** Builds the info of a stream to serve, with its channel descriptions. */
    public static final class Builder {
        private final Fields f = new Fields();
        private final Document doc = newBuilder().newDocument();
        private final Element desc = doc.createElement("desc");
        private Element channels;

        private Builder(
                final String name,
                final String type,
                final int channelCount,
                final double nominalSrate,
                final ChannelFormat format,
                final String sourceId) {
            if (name == null || name.isEmpty()) {
                throw new LslException("a stream needs a non-empty name");
            }
            if (channelCount < 1) {
                throw new LslException(name + ": a stream needs at least one channel");
            }
            if (!(nominalSrate >= 0) || Double.isInfinite(nominalSrate)) {
                throw new LslException(name + ": the nominal rate must be >= 0");
            }
            f.name = name;
            f.type = Objects.requireNonNullElse(type, "");
            f.channelCount = channelCount;
            f.nominalSrate = nominalSrate;
            f.channelFormat = Objects.requireNonNull(format, "format");
            f.sourceId = Objects.requireNonNullElse(sourceId, "");
            doc.appendChild(desc);
        }

        /** Adds the next channel's description ({@code label}, {@code unit}, {@code type}). */
        public Builder channel(final String label, final String unit, final String channelType) {
            if (channels == null) {
                channels = doc.createElement("channels");
                desc.appendChild(channels);
            }
            final Element ch = doc.createElement("channel");
            add(ch, "label", Objects.requireNonNullElse(label, ""));
            if (unit != null) {
                add(ch, "unit", unit);
            }
            if (channelType != null) {
                add(ch, "type", channelType);
            }
            channels.appendChild(ch);
            return this;
        }

        /** Adds a text field directly under {@code <desc>} (e.g. manufacturer). */
        public Builder descField(final String tag, final String value) {
            add(desc, tag, value);
            return this;
        }

        /**
         * The info.
         *
         * @throws LslException when channels were described but not one per channel
         */
        public StreamInfo build() {
            if (channels != null) {
                int n = 0;
                for (Node c = channels.getFirstChild(); c != null; c = c.getNextSibling()) {
                    n++;
                }
                if (n != f.channelCount) {
                    throw new LslException(
                            f.name
                                    + ": "
                                    + n
                                    + " channel descriptions for "
                                    + f.channelCount
                                    + " channels");
                }
            }
            f.desc = desc;
            return new StreamInfo(f);
        }
    }
}
