package org.neurostream.models.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurostream.models.logistic.LogisticModelFile;
import org.neurostream.models.logistic.LogisticRegression;
import org.neurostream.models.logistic.ModelFormatException;
import org.neurostream.operators.spectral.Band;
import org.neurostream.operators.spectral.BandPowerOptions;

/**
 * A trained decoder as one model file: the pipeline and its fitted matrices, with everything the
 * streaming decoder needs to compute exactly what training computed (channel labels in order,
 * sample rate, window and hop, the causal filter design) and what a person needs to trust it
 * (classes, cross-validated accuracy against chance, training data). The format is in {@code
 * docs/decoders.md}:
 *
 * <pre>
 *   kind          : "pipeline"
 *   version       : 1                       // other versions are refused
 *   pipeline      : string                  // csp-lda, fbcsp-lda, ts-lr, mdm, bandpower-lr, onnx
 *   name          : string                  // no spaces, ',', '@' or ':'
 *   classes       : [{name, annotations: [string]}]   // model order: class k is probability k
 *   channels      : [string]                // labels, in stream order
 *   sampleRateHz  : double
 *   epoch         : {tmin, tmax}            // seconds from an annotation's onset
 *   window        : {samples, hopSamples}   // the decoding grid, from the stream's first sample
 *   filter        : {type, order, causal, bandsHz, sos}
 *   validation    : {cvAccuracy, chanceLevel, folds, trials, foldAccuracies, foldChanceLevels}
 *   training      : object                  // free-form: recordings, counts
 *   stages        : object                  // the pipeline's fitted matrices; onnx: its input
 *                                           // and graph (models.onnx.OnnxPipeline)
 * </pre>
 *
 * <p>A file of the earlier format ({@code kind: "logistic"}, {@code formatVersion: 1}) loads as a
 * {@code bandpower-lr} model with the default epoch, named by its file's name (it stores none).
 * Immutable; the pipeline's scorers do the work.
 */
public final class PipelineModel {
    /** The {@code kind} of this format. */
    public static final String KIND = "pipeline";

    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    /** The default epoch, seconds from an annotation's onset. */
    public static final double DEFAULT_TMIN = 0.5;

    public static final double DEFAULT_TMAX = 2.5;

    private static final Set<String> FIELDS =
            Set.of(
                    "kind",
                    "version",
                    "pipeline",
                    "name",
                    "classes",
                    "channels",
                    "sampleRateHz",
                    "epoch",
                    "window",
                    "filter",
                    "validation",
                    "training",
                    "stages");
    private static final double SOS_TOLERANCE = 1e-9;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE =
            new TypeReference<>() {};

    private final String name;
    private final List<DecoderClass> classes;
    private final List<String> channels;
    private final double sampleRateHz;
    private final double tmin;
    private final double tmax;
    private final int windowSamples;
    private final int hopSamples;
    private final FilterDesign filter;
    private final DecoderPipeline pipeline;
    private final Validation validation;
    private final Map<String, Object> training;

    /**
     * Cross-validated figures stored with the model.
     *
     * @param cvAccuracy mean over outer folds of the held-out trial accuracy
     * @param chanceLevel mean over folds of the accuracy of always answering the training majority
     * @param folds outer folds
     * @param trials trials trained on
     * @param foldAccuracies per fold
     * @param foldChanceLevels per fold
     */
    public record Validation(
            double cvAccuracy,
            double chanceLevel,
            int folds,
            int trials,
            double[] foldAccuracies,
            double[] foldChanceLevels) {
        /** Copies the arrays. */
        public Validation {
            foldAccuracies = foldAccuracies.clone();
            foldChanceLevels = foldChanceLevels.clone();
        }
    }

    /**
     * A model; {@code training} must be expressible as JSON.
     *
     * @throws IllegalArgumentException when the parts disagree (channel or class counts, a name
     *     with a space, ',', '@' or ':', a window that is not tmax - tmin)
     */
    public PipelineModel(
            String name,
            List<DecoderClass> classes,
            List<String> channels,
            double sampleRateHz,
            double tmin,
            double tmax,
            int windowSamples,
            int hopSamples,
            FilterDesign filter,
            DecoderPipeline pipeline,
            Validation validation,
            Map<String, ?> training) {
        checkName(name);
        if (classes.size() != pipeline.classCount()) {
            throw new IllegalArgumentException(
                    classes.size() + " classes for a pipeline of " + pipeline.classCount());
        }
        if (channels.size() != pipeline.channelCount()) {
            throw new IllegalArgumentException(
                    channels.size()
                            + " channel labels for a pipeline of "
                            + pipeline.channelCount());
        }
        if (!(sampleRateHz > 0) || windowSamples < 1 || hopSamples < 1 || !(tmax > tmin)) {
            throw new IllegalArgumentException(
                    "need fs > 0, window and hop >= 1 and tmax > tmin; got fs "
                            + sampleRateHz
                            + ", window "
                            + windowSamples
                            + ", hop "
                            + hopSamples
                            + ", epoch "
                            + tmin
                            + ".."
                            + tmax);
        }
        this.name = name;
        this.classes = List.copyOf(classes);
        this.channels = List.copyOf(channels);
        this.sampleRateHz = sampleRateHz;
        this.tmin = tmin;
        this.tmax = tmax;
        this.windowSamples = windowSamples;
        this.hopSamples = hopSamples;
        this.filter = filter;
        this.pipeline = pipeline;
        this.validation = validation;
        this.training = Json.MAPPER.convertValue(Json.MAPPER.valueToTree(training), MAP_TYPE);
    }

    /**
     * Checks a model name: not blank, no whitespace, ',', '@' or ':' (they separate names, versions
     * and counts in the job's summaries).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a model name must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            final char ch = name.charAt(i);
            if (Character.isWhitespace(ch) || ch == ',' || ch == '@' || ch == ':') {
                throw new IllegalArgumentException(
                        "model name '" + name + "' must not contain spaces, ',', '@' or ':'");
            }
        }
    }

    /** Samples in a window for an epoch of tmax - tmin seconds at fs. */
    public static int windowSamples(double tmin, double tmax, double fs) {
        return (int) Math.round((tmax - tmin) * fs);
    }

    /** The job's hop (0.25 s) in samples at fs. */
    public static int hopSamples(double fs) {
        return BandPowerOptions.defaults().hopSamples(fs);
    }

    /**
     * Reads a model file of this format or of the earlier one.
     *
     * @throws ModelFormatException naming the file and the field: not JSON, an unknown kind or
     *     version, a missing or malformed field, matrices of the wrong shape, a filter that is not
     *     its stated design
     * @throws IOException when the file cannot be read
     */
    public static PipelineModel read(Path file) throws IOException {
        return fromJson(readText(file), file);
    }

    /**
     * A model file's text.
     *
     * @throws ModelFormatException when the file does not exist or is not UTF-8
     * @throws IOException when it cannot be read
     */
    public static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ModelFormatException(file, null, "does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFormatException(file, null, "not UTF-8 text");
        }
    }

    /** Parses a model from its JSON text; {@code source} names it in error messages. */
    public static PipelineModel fromJson(String text, Path source) throws ModelFormatException {
        final JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException(
                    source, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ModelFormatException(source, null, "top level must be a JSON object");
        }
        final JsonNode kind = root.get("kind");
        if (kind != null && kind.isTextual() && LogisticModelFile.KIND.equals(kind.textValue())) {
            return legacy(LogisticModelFile.parse(text, source), source);
        }
        try {
            return parse(root, source);
        } catch (Json.Invalid e) {
            throw new ModelFormatException(source, e.field, e.getMessage());
        }
    }

    private static PipelineModel parse(JsonNode root, Path source) {
        final String kind = Json.text(root, "", "kind");
        if ("ridge".equals(kind)) {
            throw new Json.Invalid(
                    "kind",
                    "a ridge regression model (train-decoder --pipeline ridge) predicts a"
                            + " continuous value; the job's decoder decodes classes"
                            + " (docs/decoders.md, \"Ridge regression\")");
        }
        if (!KIND.equals(kind)) {
            throw new Json.Invalid(
                    "kind",
                    "unknown kind '"
                            + kind
                            + "'; this reader supports '"
                            + KIND
                            + "' (version "
                            + VERSION
                            + ") and '"
                            + LogisticModelFile.KIND
                            + "' (formatVersion "
                            + LogisticModelFile.FORMAT_VERSION
                            + ")");
        }
        final int version = Json.integer(root, "", "version");
        if (version != VERSION) {
            throw new Json.Invalid(
                    "version",
                    "unsupported version " + version + "; this reader supports " + VERSION);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new Json.Invalid(field, "unknown field (version " + VERSION + ")");
            }
        }
        final PipelineKind pipelineKind;
        try {
            pipelineKind = PipelineKind.parse(Json.text(root, "", "pipeline"));
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("pipeline", e.getMessage());
        }
        final String name = Json.text(root, "", "name");
        try {
            checkName(name);
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("name", e.getMessage());
        }
        final List<DecoderClass> classes = readClasses(root);
        final List<String> channels = Json.texts(root, "", "channels");
        if (channels.isEmpty()) {
            throw new Json.Invalid("channels", "must name at least one channel");
        }
        final double fs = Json.number(root, "", "sampleRateHz");
        if (!(fs > 0)) {
            throw new Json.Invalid("sampleRateHz", "must be > 0, got " + fs);
        }
        final JsonNode epoch = Json.object(root, "", "epoch");
        final double tmin = Json.number(epoch, "epoch", "tmin");
        final double tmax = Json.number(epoch, "epoch", "tmax");
        if (!(tmax > tmin)) {
            throw new Json.Invalid("epoch", "tmax must be above tmin, got " + tmin + ".." + tmax);
        }
        final JsonNode window = Json.object(root, "", "window");
        final int samples = Json.integer(window, "window", "samples");
        final int hop = Json.integer(window, "window", "hopSamples");
        if (samples != windowSamples(tmin, tmax, fs)) {
            throw new Json.Invalid(
                    "window.samples",
                    "is "
                            + samples
                            + ", the epoch "
                            + tmin
                            + ".."
                            + tmax
                            + " s at "
                            + fs
                            + " Hz has "
                            + windowSamples(tmin, tmax, fs));
        }
        if (hop < 1) {
            throw new Json.Invalid("window.hopSamples", "must be at least 1, got " + hop);
        }
        final FilterDesign filter = readFilter(Json.object(root, "", "filter"), fs);
        // an onnx model's filters follow its input, which its stages check
        if (pipelineKind.trainable() && !filter.equals(pipelineKind.filter())) {
            throw new Json.Invalid(
                    "filter.bandsHz",
                    "pipeline "
                            + pipelineKind.label()
                            + " runs on "
                            + describe(pipelineKind.filter()));
        }
        if (classes.size() != 2 && !pipelineKind.multiClass()) {
            throw new Json.Invalid(
                    "classes",
                    pipelineKind.label() + " decodes two classes, got " + classes.size());
        }
        final Validation validation = readValidation(Json.object(root, "", "validation"));
        final Map<String, Object> training =
                Json.MAPPER.convertValue(Json.object(root, "", "training"), MAP_TYPE);
        final DecoderPipeline pipeline =
                pipelineKind.read(
                        Json.object(root, "", "stages"),
                        channels.size(),
                        classes.size(),
                        fs,
                        samples,
                        filter);
        return new PipelineModel(
                name,
                classes,
                channels,
                fs,
                tmin,
                tmax,
                samples,
                hop,
                filter,
                pipeline,
                validation,
                training);
    }

    /**
     * The {@code classes} field of a model file (or of a spec that packs into one).
     *
     * @throws Json.Invalid naming the field at fault
     */
    public static List<DecoderClass> readClasses(JsonNode root) {
        final JsonNode list = Json.required(root, "", "classes");
        if (!list.isArray() || list.size() < 2) {
            throw new Json.Invalid("classes", "must be an array of at least two classes");
        }
        final List<DecoderClass> classes = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            final String path = "classes[" + k + "]";
            final JsonNode c = list.get(k);
            if (!c.isObject()) {
                throw new Json.Invalid(path, "must be an object {name, annotations}");
            }
            final List<String> annotations = Json.texts(c, path, "annotations");
            if (annotations.isEmpty()) {
                throw new Json.Invalid(path + ".annotations", "must hold at least one text");
            }
            classes.add(new DecoderClass(Json.text(c, path, "name"), annotations));
        }
        return classes;
    }

    private static FilterDesign readFilter(JsonNode node, double fs) {
        final String type = Json.text(node, "filter", "type");
        if ("none".equals(type)) {
            return FilterDesign.none();
        }
        if (!"butterworth-bandpass".equals(type)) {
            throw new Json.Invalid(
                    "filter.type",
                    "unknown type '" + type + "'; known: butterworth-bandpass, none");
        }
        final int order = Json.integer(node, "filter", "order");
        if (order != FilterDesign.ORDER) {
            throw new Json.Invalid(
                    "filter.order", "must be " + FilterDesign.ORDER + ", got " + order);
        }
        final JsonNode bands = Json.required(node, "filter", "bandsHz");
        if (!bands.isArray() || bands.isEmpty()) {
            throw new Json.Invalid("filter.bandsHz", "must be an array of [lo, hi] pairs");
        }
        final List<Band> list = new ArrayList<>();
        final ObjectNode holder = Json.MAPPER.createObjectNode();
        for (int b = 0; b < bands.size(); b++) {
            holder.set("band", bands.get(b));
            final double[] edges = Json.numbers(holder, "filter.bandsHz[" + b + "]", "band", 2);
            list.add(FilterDesign.band(edges[0], edges[1]));
        }
        final FilterDesign design = new FilterDesign(list);
        try {
            design.check(fs);
        } catch (IllegalArgumentException e) {
            throw new Json.Invalid("filter.bandsHz", e.getMessage());
        }
        final JsonNode sos = Json.required(node, "filter", "sos");
        if (!sos.isArray() || sos.size() != list.size()) {
            throw new Json.Invalid("filter.sos", "must hold one set of sections per band");
        }
        for (int b = 0; b < list.size(); b++) {
            holder.set("sections", sos.get(b));
            final String path = "filter.sos[" + b + "]";
            final double[][] expected = design.sos(b, fs);
            final org.ejml.data.DMatrixRMaj stored =
                    Json.matrix(holder, path, "sections", expected.length, 6);
            for (int s = 0; s < expected.length; s++) {
                for (int k = 0; k < 6; k++) {
                    final double e = expected[s][k];
                    if (Math.abs(stored.get(s, k) - e) > SOS_TOLERANCE * Math.max(1, Math.abs(e))) {
                        throw new Json.Invalid(
                                path,
                                "the sections are not the order-"
                                        + FilterDesign.ORDER
                                        + " Butterworth band-pass "
                                        + list.get(b).name()
                                        + " Hz at "
                                        + fs
                                        + " Hz");
                    }
                }
            }
        }
        return design;
    }

    /**
     * A {@code validation} object of a model file (or of a spec that packs into one).
     *
     * @throws Json.Invalid naming the field at fault
     */
    public static Validation readValidation(JsonNode node) {
        final double accuracy = Json.number(node, "validation", "cvAccuracy");
        final double chance = Json.number(node, "validation", "chanceLevel");
        final int folds = Json.integer(node, "validation", "folds");
        final int trials = Json.integer(node, "validation", "trials");
        return new Validation(
                accuracy,
                chance,
                folds,
                trials,
                Json.numbers(node, "validation", "foldAccuracies", folds),
                Json.numbers(node, "validation", "foldChanceLevels", folds));
    }

    /** The earlier format's logistic model as a bandpower-lr model. */
    private static PipelineModel legacy(LogisticModelFile old, Path source)
            throws ModelFormatException {
        final Map<String, Object> features = old.featureDescription();
        try {
            final double fs = ((Number) required(features, "sampleRateHz")).doubleValue();
            final double windowSeconds =
                    ((Number) required(features, "windowSeconds")).doubleValue();
            @SuppressWarnings("unchecked")
            final List<String> labels = (List<String>) required(features, "channelLabels");
            final int window = (int) Math.round(windowSeconds * fs);
            final BandPowerOptions options = BandPowerLr.options(window, fs);
            final String welch = String.valueOf(features.get("welch"));
            if (!welch.equals(options.welchConfig(fs).toString())) {
                throw new ModelFormatException(
                        source,
                        "featureDescription.welch",
                        "'"
                                + welch
                                + "' is not the job's band power ("
                                + options.welchConfig(fs)
                                + ")");
            }
            final LogisticRegression logistic = old.regression();
            final List<DecoderClass> classes = legacyClasses(old);
            // no stored name: the file's name, as the job's predictions have always named it
            final String name = source.getFileName().toString();
            try {
                checkName(name);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(
                        source,
                        null,
                        "a model of the earlier format is named by its file's name: "
                                + e.getMessage());
            }
            final double tmax = DEFAULT_TMIN + window / fs;
            return new PipelineModel(
                    name,
                    classes,
                    labels,
                    fs,
                    DEFAULT_TMIN,
                    tmax,
                    window,
                    options.hopSamples(fs),
                    FilterDesign.none(),
                    BandPowerLr.legacy(options, logistic, labels.size(), fs),
                    new Validation(
                            old.cvAccuracy(),
                            old.chanceLevel(),
                            0,
                            0,
                            new double[0],
                            new double[0]),
                    old.trainingData());
        } catch (ClassCastException | IllegalArgumentException e) {
            throw new ModelFormatException(source, "featureDescription", e.getMessage());
        }
    }

    private static Object required(Map<String, Object> map, String key) {
        final Object v = map.get(key);
        if (v == null) {
            throw new IllegalArgumentException("'" + key + "' missing");
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static List<DecoderClass> legacyClasses(LogisticModelFile old) {
        final Object recorded = old.trainingData().get("classes");
        final List<DecoderClass> classes = new ArrayList<>();
        for (String className : old.classNames()) {
            List<String> texts = List.of(className);
            if (recorded instanceof Map<?, ?> map && map.get(className) instanceof List<?> list) {
                texts = (List<String>) list;
            }
            classes.add(new DecoderClass(className, texts));
        }
        return classes;
    }

    /** A file's name without its extension: the default model name. */
    public static String stem(Path file) {
        final String n = file.getFileName().toString();
        final int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The model as indented JSON text. */
    public String toJson() {
        final ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("kind", KIND);
        root.put("version", VERSION);
        root.put("pipeline", pipeline.kind().label());
        root.put("name", name);
        final ArrayNode list = root.putArray("classes");
        for (DecoderClass c : classes) {
            final ObjectNode node = list.addObject();
            node.put("name", c.name());
            final ArrayNode texts = node.putArray("annotations");
            c.annotations().forEach(texts::add);
        }
        final ArrayNode labels = root.putArray("channels");
        channels.forEach(labels::add);
        root.put("sampleRateHz", sampleRateHz);
        final ObjectNode epoch = root.putObject("epoch");
        epoch.put("tmin", tmin);
        epoch.put("tmax", tmax);
        final ObjectNode window = root.putObject("window");
        window.put("samples", windowSamples);
        window.put("hopSamples", hopSamples);
        final ObjectNode f = root.putObject("filter");
        if (filter.isNone()) {
            f.put("type", "none");
        } else {
            f.put("type", "butterworth-bandpass");
            f.put("order", FilterDesign.ORDER);
            f.put("causal", "from the stream's first sample, sections as scipy.signal.sosfilt");
            final ArrayNode bands = f.putArray("bandsHz");
            final ArrayNode sos = f.putArray("sos");
            for (int b = 0; b < filter.bands().size(); b++) {
                final Band band = filter.bands().get(b);
                bands.addArray().add(band.lo()).add(band.hi());
                final ArrayNode sections = sos.addArray();
                for (double[] section : filter.sos(b, sampleRateHz)) {
                    final ArrayNode row = sections.addArray();
                    for (double v : section) {
                        row.add(v);
                    }
                }
            }
        }
        final ObjectNode v = root.putObject("validation");
        v.put("cvAccuracy", validation.cvAccuracy());
        v.put("chanceLevel", validation.chanceLevel());
        v.put("folds", validation.folds());
        v.put("trials", validation.trials());
        Json.put(v, "foldAccuracies", validation.foldAccuracies());
        Json.put(v, "foldChanceLevels", validation.foldChanceLevels());
        root.set("training", Json.MAPPER.valueToTree(training));
        pipeline.writeStages(root.putObject("stages"));
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model JSON could not be written", e);
        }
    }

    /**
     * Writes the model: to a hidden sibling first, then moved into place, so a reader never sees
     * half a file.
     */
    public void write(Path file) throws IOException {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        final Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
        try {
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Checks that a stream can be decoded by this model: the same channel labels in the same order
     * (ignoring case and the dots EDF pads labels with) and the same sample rate.
     *
     * @throws ModelFormatException naming {@code modelFile} and the mismatch
     */
    public void checkStream(Path modelFile, List<String> streamLabels, double streamFs)
            throws ModelFormatException {
        if (streamLabels.size() != channels.size()) {
            throw new ModelFormatException(
                    modelFile,
                    "channels",
                    "the model decodes "
                            + channels.size()
                            + " channels, the stream has "
                            + streamLabels.size());
        }
        for (int c = 0; c < channels.size(); c++) {
            if (!sameLabel(channels.get(c), streamLabels.get(c))) {
                throw new ModelFormatException(
                        modelFile,
                        "channels",
                        "channel "
                                + c
                                + " is '"
                                + channels.get(c)
                                + "' in the model, '"
                                + streamLabels.get(c)
                                + "' in the stream");
            }
        }
        if (Math.abs(streamFs - sampleRateHz) > 1e-6 * sampleRateHz) {
            throw new ModelFormatException(
                    modelFile,
                    "sampleRateHz",
                    "the model was trained at "
                            + sampleRateHz
                            + " Hz, the stream runs at "
                            + streamFs);
        }
    }

    private static boolean sameLabel(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String label) {
        return label.replace(".", "").strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(FilterDesign d) {
        return d.isNone()
                ? "the raw samples (no filter)"
                : d.bands().stream().map(Band::name).toList() + " Hz";
    }

    public String name() {
        return name;
    }

    public PipelineKind kind() {
        return pipeline.kind();
    }

    public List<DecoderClass> classes() {
        return classes;
    }

    public List<String> channels() {
        return channels;
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    public double tmin() {
        return tmin;
    }

    public double tmax() {
        return tmax;
    }

    public int windowSamples() {
        return windowSamples;
    }

    public int hopSamples() {
        return hopSamples;
    }

    public FilterDesign filter() {
        return filter;
    }

    public DecoderPipeline pipeline() {
        return pipeline;
    }

    public Validation validation() {
        return validation;
    }

    public Map<String, Object> training() {
        return training;
    }
}
