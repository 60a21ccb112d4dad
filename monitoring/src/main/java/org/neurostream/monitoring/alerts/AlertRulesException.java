package org.neurostream.monitoring.alerts;

/**
 * A rules file that cannot be used. The message names the file, the rule (by name, or by position
 * when it has none) and the field, so that a typo is found in one look; no rule of such a file is
 * ever run.
 */
public final class AlertRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The message is the whole one-line explanation, file name included. */
    public AlertRulesException(final String message) {
        super(message);
    }
}
