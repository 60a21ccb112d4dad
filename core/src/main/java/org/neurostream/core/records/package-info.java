/**
 * The output record schema: one class per record kind, each defining once its JSON form (its public
 * fields through {@link org.neurostream.core.records.RecordJson}) and, where {@code replay --out}
 * writes it, its CSV header and row.
 *
 * <table>
 *   <caption>Record kinds</caption>
 *   <tr><th>class</th><th>topic</th><th>{@code kind}</th><th>replay --out file</th></tr>
 *   <tr><td>{@link org.neurostream.core.records.BandPowerRecord}</td><td>neuro.features</td>
 *       <td>bandpower</td><td>features_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.AvalancheRecord}</td><td>neuro.features</td>
 *       <td>avalanche, avalanche_stats</td><td>avalanches_&lt;stream&gt;.csv (avalanches)</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.CalciumEventRecord}</td><td>neuro.features</td>
 *       <td>calcium_event</td><td>calciumevents_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.FiringRateRecord}</td><td>neuro.features</td>
 *       <td>firing_rate</td><td>firingrates_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.LabelledWindowRecord}</td><td>neuro.features</td>
 *       <td>labelled_window</td><td>labelledwindows_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.MotifRecord}</td><td>neuro.features</td>
 *       <td>motif</td><td>motifs_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.ConnectivityRecord},
 *       {@link org.neurostream.core.records.AperiodicRecord},
 *       {@link org.neurostream.core.records.HjorthRecord},
 *       {@link org.neurostream.core.records.DfaRecord},
 *       {@link org.neurostream.core.records.PacRecord},
 *       {@link org.neurostream.core.records.AlphaRecord}
 *       ({@link org.neurostream.core.records.DescriptorRecord})</td><td>neuro.features</td>
 *       <td>connectivity, aperiodic, hjorth, dfa, pac, alpha</td>
 *       <td>&lt;kind&gt;_&lt;stream&gt;.csv, several rows per record
 *       ({@link org.neurostream.core.records.CsvRows}); peaks_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.GapRecord}</td><td>neuro.features</td>
 *       <td>gap</td><td>none</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.PredictionRecord}</td><td>neuro.predictions</td>
 *       <td></td><td>predictions_&lt;stream&gt;.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.AlertRecord}</td><td>neuro.alerts</td>
 *       <td></td><td>none</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.DeadLetterRecord}</td><td>neuro.deadletter</td>
 *       <td></td><td>deadletters.csv</td></tr>
 *   <tr><td>{@link org.neurostream.core.records.MarkerRecord}</td>
 *       <td>neuro.markers</td><td></td><td>markers_&lt;stream&gt;.csv</td></tr>
 * </table>
 *
 * <p>To add a record kind: a public class here with a no-argument constructor and public fields in
 * the order they should appear in JSON (it is then also a Flink POJO); a {@code KIND} constant when
 * it shares {@code neuro.features} (and a {@code kind} field, first); {@code JSON_...} constants
 * for the fields other programs look up; {@code CSV_HEADER} (or a {@code csvHeader(...)} method)
 * and {@code csvRow()} when {@code replay --out} writes it, numbers appended as Java prints them
 * and text through {@link org.neurostream.core.records.Csv#field}; a kind that is several rows of
 * its file (one per channel, pair or peak) implements {@link org.neurostream.core.records.CsvRows}
 * instead, and the replay writes each row after {@code start_ns,end_ns}. {@code RecordSchemaTest}
 * pins the JSON bytes of every kind.
 */
package org.neurostream.core.records;
