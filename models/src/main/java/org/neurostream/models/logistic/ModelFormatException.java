package org.neurostream.models.logistic;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be used, with the file and the offending field named. */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;

    /**
     * Creates the exception.
     *
     * @param file the model file
     * @param field the JSON field at fault, or null when the file as a whole is
     * @param problem what is wrong, in words
     */
    public ModelFormatException(Path file, String field, String problem) {
        super(
                "model file "
                        + file
                        + (field == null ? "" : ": field '" + field + "'")
                        + ": "
                        + problem);
        this.file = file;
        this.field = field;
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /** The JSON field at fault, or null when the problem is the file as a whole. */
    public String field() {
        return field;
    }
}
