package org.neurostream.models.flink;

/**
 * A model file as published on {@code neuro.models}: the model's name (the record's key), the
 * version {@code model publish} gave it, the file's text, and where the record came from. What the
 * job's decoder receives on its broadcast input and keeps in broadcast state. A Flink POJO.
 */
public class PublishedModel {
    /** The model's name: the record's key, which must be the name the file stores. */
    public String name;

    /** 1, 2, ... per name, as published; 0 is the model the job started with. */
    public long version;

    /** The model file's text (JSON). */
    public String json;

    /** {@code topic/partition@offset} of the record, for dead letters. */
    public String origin;

    /** An empty model, for Flink to fill. */
    public PublishedModel() {}

    /** A published model. */
    public PublishedModel(String name, long version, String json, String origin) {
        this.name = name;
        this.version = version;
        this.json = json;
        this.origin = origin;
    }

    /** {@code NAME@VERSION}. */
    public String id() {
        return id(name, version);
    }

    /** {@code NAME@VERSION}: how predictions, summaries and dead letters name a model. */
    public static String id(String name, long version) {
        return name + "@" + version;
    }
}
