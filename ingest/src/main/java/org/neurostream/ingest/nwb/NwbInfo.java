package org.neurostream.ingest.nwb;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code nwb info} listing of an open file, one line per object, made from metadata only:
 *
 * <pre>
 * path=P type=T shape=RxC rate=R unit=U start_s=S      one per series, sorted by path
 * path=P type=Units units=N spikes=M                   one per units table
 * path=P type=TimeIntervals rows=N columns=a,b,...     one per interval table
 * </pre>
 *
 * <p>R is the number of samples, C the columns (1 for 1-D data; the product of the dimensions after
 * the first otherwise); R, S as Java's {@link Double#toString(double)} prints them; {@code
 * rate=irregular} for series with timestamps, whose {@code start_s} is the first timestamp; a unit
 * holding white space is quoted. Columns are in the table's {@code colnames} order, without {@code
 * id}.
 */
public final class NwbInfo {
    private NwbInfo() {}

    /**
     * What {@code nwb info} says of a truncated file after its listing: {@code FILE: /: truncated:
     * the file has N bytes, its superblock declares M; data past byte N are missing}; null when the
     * file is whole.
     */
    public static String truncation(final NwbFile file) {
        return !file.isTruncated()
                ? null
                : file.file()
                        + ": /: truncated: the file has "
                        + file.length()
                        + " bytes, its superblock declares "
                        + file.declaredLength()
                        + "; data past byte "
                        + file.length()
                        + " are missing";
    }

    /** The listing: series, then units tables, then interval tables, each group sorted by path. */
    public static List<String> lines(final NwbFile file) {
        final List<String> lines = new ArrayList<>();
        for (final NwbSeries s : file.series()) {
            lines.add(
                    "path="
                            + s.path()
                            + " type="
                            + s.type()
                            + " shape="
                            + s.rows()
                            + "x"
                            + s.columns()
                            + " rate="
                            + (s.isRegular() ? Double.toString(s.rate()) : "irregular")
                            + " unit="
                            + unit(s.unit())
                            + " start_s="
                            + s.startSeconds());
        }
        for (final NwbUnitsTable u : file.unitsTables()) {
            lines.add(
                    "path="
                            + u.path()
                            + " type=Units units="
                            + u.units()
                            + " spikes="
                            + u.spikes());
        }
        for (final NwbIntervalTable t : file.intervalTables()) {
            lines.add(
                    "path="
                            + t.path()
                            + " type=TimeIntervals rows="
                            + t.rows()
                            + " columns="
                            + String.join(",", t.columns()));
        }
        return lines;
    }

    private static String unit(final String unit) {
        if (!unit.isEmpty() && unit.chars().noneMatch(Character::isWhitespace)) {
            return unit;
        }
        return '"' + unit.replace("\"", "\\\"") + '"';
    }
}
