package org.neurostream.ingest.lsl;

import javax.xml.XMLConstants;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;

/**
 * A discovery predicate in liblsl's query language: an XPath 1.0 expression evaluated as a boolean
 * on a stream's {@code <info>} element, such as {@code name='BioSemi' and type='EEG'} or {@code
 * starts-with(name,'Neuro') and channel_count>8}; the empty query matches every stream. liblsl
 * evaluates it with pugixml; we with the JDK's XPath 1.0 engine (secure processing, no extension
 * functions). Thread-safe.
 */
public final class StreamQuery {
    private final String text;
    private final XPathExpression expression;

    private StreamQuery(final String text, final XPathExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * Compiles a query as it travels on the wire.
     *
     * @throws LslException naming the query when it is not an XPath expression
     */
    public static StreamQuery of(final String text) {
        final String t = text.strip();
        if (t.isEmpty()) {
            return new StreamQuery("", null);
        }
        try {
            return new StreamQuery(t, newXPath().compile(t));
        } catch (final XPathExpressionException e) {
            throw new LslException("invalid LSL predicate \"" + t + "\": " + describe(e));
        }
    }

    /**
     * A predicate as users type it on our command line: a predicate without {@code =} (nor any
     * other operator or function) names a stream, so {@code EEG1} means {@code name='EEG1'}.
     */
    public static StreamQuery fromUserPredicate(final String pred) {
        final String t = pred.strip();
        if (!t.isEmpty() && !t.matches(".*[=<>()'\"\\[\\]].*")) {
            return of("name='" + t + "'");
        }
        return of(t);
    }

    /**
     * The query a resolver sends for {@code predicate} in {@code sessionId}: liblsl prefixes every
     * query with the session, so that streams of other lab sessions stay out.
     */
    public static StreamQuery forSession(final String sessionId, final StreamQuery predicate) {
        final String session = "session_id='" + sessionId + "'";
        return of(predicate.text.isEmpty() ? session : session + " and " + predicate.text);
    }

    /** The query text, as sent on the wire. */
    public String text() {
        return text;
    }

    /** Whether the stream matches; a query that fails at evaluation matches nothing. */
    public boolean matches(final StreamInfo info) {
        if (expression == null) {
            return true;
        }
        // XPathExpression is not thread-safe
        synchronized (this) {
            try {
                return (Boolean) expression.evaluate(info.infoElement(), XPathConstants.BOOLEAN);
            } catch (final XPathExpressionException e) {
                return false;
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private static XPath newXPath() {
        final XPathFactory f = XPathFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (final XPathFactoryConfigurationException e) {
            throw new IllegalStateException("no XPath engine with secure processing", e);
        }
        return f.newXPath();
    }

    private static String describe(final XPathExpressionException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        final String m = t.getMessage();
        return m == null ? "not an XPath expression" : m.replaceAll("\\s+", " ").strip();
    }
}
