package org.neurostream.ingest.nwb;

import java.util.Arrays;
import java.util.List;

/**
 * One time series of an NWB file ({@code TimeSeries} or a subtype: {@code ElectricalSeries}, {@code
 * RoiResponseSeries}, {@code SpatialSeries}, {@code AnnotationSeries}, ...), as its metadata say:
 * shape, timing, unit, scaling and a label per column. Read its samples with {@link
 * NwbFile#openSeries}, an annotation series' texts with {@link NwbFile#readAnnotations}.
 *
 * <p>Physical value of stored element {@code x} in column {@code c}: {@code x * (conversion *
 * channelConversion[c]) + offset} in {@link #unit()} (the order of pynwb's {@code
 * get_data_in_units}); {@code channelConversion[c]} is 1 where the series has none.
 */
public final class NwbSeries implements NwbObject {
    private final String path;
    private final String type;
    private final String parentType;
    private final long[] shape;
    private final boolean text;
    private final double rate;
    private final double startSeconds;
    private final String unit;
    private final double conversion;
    private final double offset;
    private final double[] channelConversion;
    private final List<String> labels;
    private final long[] channelIds;
    final String dataPath;
    final String timestampsPath;

    /** Set by the file once made: the ROIs' names from the ROI table, or null. */
    List<String> neuronLabels;

    NwbSeries(
            final String path,
            final String type,
            final String parentType,
            final long[] shape,
            final boolean text,
            final double rate,
            final double startSeconds,
            final String unit,
            final double conversion,
            final double offset,
            final double[] channelConversion,
            final List<String> labels,
            final long[] channelIds,
            final String dataPath,
            final String timestampsPath) {
        this.path = path;
        this.type = type;
        this.parentType = parentType;
        this.shape = shape.clone();
        this.text = text;
        this.rate = rate;
        this.startSeconds = startSeconds;
        this.unit = unit;
        this.conversion = conversion;
        this.offset = offset;
        this.channelConversion = channelConversion;
        this.labels = List.copyOf(labels);
        this.channelIds = channelIds;
        this.dataPath = dataPath;
        this.timestampsPath = timestampsPath;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String type() {
        return type;
    }

    /**
     * The NWB type of the group that holds the series, or null: {@code Fluorescence} or {@code
     * DfOverF} for ROI traces, {@code Position}, {@code BehavioralTimeSeries}, {@code
     * PupilTracking} for behaviour, {@code ProcessingModule} or null (acquisition) otherwise.
     */
    public String parentType() {
        return parentType;
    }

    /** The data's dimensions, time first. */
    public long[] shape() {
        return shape.clone();
    }

    /** Samples (rows) along time. */
    public long rows() {
        return shape.length == 0 ? 0 : shape[0];
    }

    /** Columns (channels, ROIs, coordinates): 1 for 1-D data, the product of the rest otherwise. */
    public int columns() {
        long c = 1;
        for (int i = 1; i < shape.length; i++) {
            c *= shape[i];
        }
        return (int) c;
    }

    /**
     * True when the data are text (an {@code AnnotationSeries}), read with {@code readAnnotations}.
     */
    public boolean isText() {
        return text;
    }

    /** True for {@code starting_time} + {@code rate}; false for per-sample {@code timestamps}. */
    public boolean isRegular() {
        return !Double.isNaN(rate);
    }

    /** Samples per second, or NaN when the series has timestamps. */
    public double rate() {
        return rate;
    }

    /**
     * Time of the first sample in seconds ({@code starting_time}, or the first timestamp; NaN when
     * empty).
     */
    public double startSeconds() {
        return startSeconds;
    }

    /** The unit of the physical values ({@code volts} for electrical series). */
    public String unit() {
        return unit;
    }

    /** The data's {@code conversion} attribute (1 when absent). */
    public double conversion() {
        return conversion;
    }

    /** The data's {@code offset} attribute (0 when absent). */
    public double offset() {
        return offset;
    }

    /** The per-column {@code channel_conversion}, or null when the series has none. */
    public double[] channelConversion() {
        return channelConversion == null ? null : channelConversion.clone();
    }

    /**
     * One label per column: for electrical series the electrodes table's {@code label}, else its
     * {@code location}, else the electrode id; {@code roi_<id>} for ROI traces; the series name (1
     * column) or {@code <name>_<c>} (0-based) otherwise; {@code annotation} for annotation series.
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * For ROI series whose ROI table names its neurons (a text column among {@link
     * NwbFile#NEURON_LABEL_COLUMNS}, such as NeuroPAL's {@code ID_labels}): one name per column;
     * null otherwise.
     */
    public List<String> neuronLabels() {
        return neuronLabels;
    }

    /** Per column the electrode id or ROI id, or null for series of neither. */
    public long[] channelIds() {
        return channelIds == null ? null : channelIds.clone();
    }

    /**
     * The factor that multiplies a stored value of each column: conversion x channel_conversion.
     */
    double[] factors() {
        final double[] f = new double[columns()];
        for (int c = 0; c < f.length; c++) {
            f[c] = channelConversion == null ? conversion : conversion * channelConversion[c];
        }
        return f;
    }

    @Override
    public String toString() {
        return type + " " + path + " " + Arrays.toString(shape);
    }
}
