package org.neurostream.models.pipeline;

/** What every fitted pipeline knows of itself: its kind, class count and channel count. */
abstract class FittedPipeline implements DecoderPipeline {
    private final PipelineKind kind;
    private final int classes;

    /** Channels a window must have. */
    protected final int channels;

    FittedPipeline(PipelineKind kind, int classes, int channels) {
        this.kind = kind;
        this.classes = classes;
        this.channels = channels;
    }

    @Override
    public final PipelineKind kind() {
        return kind;
    }

    @Override
    public final int classCount() {
        return classes;
    }

    @Override
    public final int channelCount() {
        return channels;
    }
}
