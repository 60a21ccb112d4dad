package org.neurostream.models.logistic;

/** Argument checks shared by the fitting and validation entry points; messages say where. */
final class Inputs {
    private Inputs() {}

    /** Checks that {@code x} is a non-empty rectangular matrix of finite values; returns p. */
    static int checkFeatures(double[][] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("features: need at least one row");
        }
        if (x[0] == null || x[0].length == 0) {
            throw new IllegalArgumentException("features: need at least one column");
        }
        int p = x[0].length;
        for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            if (row == null || row.length != p) {
                throw new IllegalArgumentException(
                        "features: row "
                                + i
                                + " has "
                                + (row == null ? "no" : Integer.toString(row.length))
                                + " values, row 0 has "
                                + p);
            }
            for (int j = 0; j < p; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(
                            "features: row " + i + " column " + j + " is " + row[j]);
                }
            }
        }
        return p;
    }

    /** Checks that there are {@code n} labels, each 0 or 1. */
    static void checkLabels(int[] y, int n) {
        if (y == null || y.length != n) {
            throw new IllegalArgumentException(
                    "labels: need "
                            + n
                            + " labels, got "
                            + (y == null ? "none" : Integer.toString(y.length)));
        }
        for (int i = 0; i < n; i++) {
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException(
                        "labels: label " + i + " is " + y[i] + ", labels must be 0 or 1");
            }
        }
    }

    /** Checks that there are {@code n} class labels, each 0 or more. */
    static void checkClassLabels(int[] y, int n) {
        if (y == null || y.length != n) {
            throw new IllegalArgumentException(
                    "labels: need "
                            + n
                            + " labels, got "
                            + (y == null ? "none" : Integer.toString(y.length)));
        }
        for (int i = 0; i < n; i++) {
            if (y[i] < 0) {
                throw new IllegalArgumentException(
                        "labels: label " + i + " is " + y[i] + ", labels must be 0 or more");
            }
        }
    }

    /** Checks that there are {@code n} group ids. */
    static void checkGroups(int[] groups, int n) {
        if (groups == null || groups.length != n) {
            throw new IllegalArgumentException(
                    "groups: need "
                            + n
                            + " group ids, got "
                            + (groups == null ? "none" : Integer.toString(groups.length)));
        }
    }

    /** Checks that an L2 strength is finite and &gt; 0 (without it no minimum need exist). */
    static void checkL2(double l2) {
        if (!(l2 > 0.0) || !Double.isFinite(l2)) {
            throw new IllegalArgumentException("l2 must be finite and > 0, got " + l2);
        }
    }

    /** Checks a grid of L2 strengths: non-empty, each valid, no value twice. */
    static void checkGrid(double[] grid) {
        if (grid == null || grid.length == 0) {
            throw new IllegalArgumentException("l2 grid: need at least one value");
        }
        for (int i = 0; i < grid.length; i++) {
            checkL2(grid[i]);
            for (int k = 0; k < i; k++) {
                if (grid[k] == grid[i]) {
                    throw new IllegalArgumentException("l2 grid: " + grid[i] + " appears twice");
                }
            }
        }
    }

    /** Throws unless the labels at {@code rows} hold both classes; {@code what} names them. */
    static void requireBothClasses(int[] y, int[] rows, String what) {
        int ones = 0;
        for (int r : rows) {
            ones += y[r];
        }
        if (ones == 0 || ones == rows.length) {
            throw new IllegalArgumentException(
                    what
                            + " holds only class "
                            + (ones == 0 ? 0 : 1)
                            + " ("
                            + rows.length
                            + " samples); a logistic fit needs both classes,"
                            + " so more groups of each class are needed");
        }
    }

    /** Returns 0, 1, ..., n-1. */
    static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** Returns {@code values[rows[k]]} for every k. */
    static int[] select(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            out[k] = values[rows[k]];
        }
        return out;
    }
}
