package org.neurostream.models.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * One class of a decoder: its name as the command line gave it ({@code T1+T2}) and the annotation
 * texts that mark its trials ({@code T1}, {@code T2}).
 *
 * @param name the class's name
 * @param annotations the annotation texts of its trials, at least one
 */
public record DecoderClass(String name, List<String> annotations) {
    /** Checks and copies. */
    public DecoderClass {
        if (name == null || name.isBlank() || annotations.isEmpty()) {
            throw new IllegalArgumentException("a class needs a name and at least one annotation");
        }
        annotations = List.copyOf(annotations);
    }

    /**
     * Parses a class list such as {@code T0,T1+T2}: classes separated by commas, the annotation
     * texts of one class joined by {@code +}.
     *
     * @throws IllegalArgumentException on an empty class or text, a text in two classes, or fewer
     *     than two classes
     */
    public static List<DecoderClass> parseList(String spec) {
        final List<DecoderClass> out = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            final List<String> texts = new ArrayList<>();
            for (String text : part.split("\\+", -1)) {
                final String t = text.strip();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException(
                            "classes '"
                                    + spec
                                    + "': empty annotation text in class '"
                                    + part
                                    + "'");
                }
                if (seen.contains(t)) {
                    throw new IllegalArgumentException(
                            "classes '" + spec + "': annotation '" + t + "' is in two classes");
                }
                seen.add(t);
                texts.add(t);
            }
            out.add(new DecoderClass(part.strip(), texts));
        }
        if (out.size() < 2) {
            throw new IllegalArgumentException(
                    "classes '" + spec + "': need at least two classes, separated by ','");
        }
        return out;
    }

    /** The index of the class whose annotations include {@code text}, or -1. */
    public static int indexOf(List<DecoderClass> classes, String text) {
        for (int k = 0; k < classes.size(); k++) {
            if (classes.get(k).annotations().contains(text)) {
                return k;
            }
        }
        return -1;
    }
}
