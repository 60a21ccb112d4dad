package org.neurostream.ingest.lsl;

import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a DOM element the way pugixml (liblsl's XML library) saves one by default: one element a
 * line, indented by tabs, an element holding only text on one line, an empty one as {@code <a />}.
 * So our stream infos read, and compare, like liblsl's.
 */
final class XmlText {
    private XmlText() {}

    static void write(final Element e, final int depth, final StringBuilder out) {
        indent(depth, out);
        out.append('<').append(e.getNodeName());
        final NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            final Node a = attributes.item(i);
            out.append(' ').append(a.getNodeName()).append("=\"");
            escape(a.getNodeValue(), true, out);
            out.append('"');
        }
        Node first = e.getFirstChild();
        if (first == null) {
            out.append(" />\n");
            return;
        }
        if (first.getNextSibling() == null && isText(first)) {
            out.append('>');
            escape(first.getNodeValue(), false, out);
            out.append("</").append(e.getNodeName()).append(">\n");
            return;
        }
        out.append(">\n");
        for (Node n = first; n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                write(child, depth + 1, out);
            } else if (isText(n) && !n.getNodeValue().isBlank()) {
                indent(depth + 1, out);
                escape(n.getNodeValue(), false, out);
                out.append('\n');
            }
        }
        indent(depth, out);
        out.append("</").append(e.getNodeName()).append(">\n");
    }

    private static boolean isText(final Node n) {
        return n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE;
    }

    private static void indent(final int depth, final StringBuilder out) {
        for (int i = 0; i < depth; i++) {
            out.append('\t');
        }
    }

    private static void escape(final String s, final boolean attribute, final StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }
}
