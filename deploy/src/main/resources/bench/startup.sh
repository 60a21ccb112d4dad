#!/usr/bin/env bash
# Whole-process times of two offline commands against their Python peers, in one run (README
# "Start-up of offline commands"): `bandpower` on a synthetic 1-hour 64-channel 256 Hz EDF against
# numpy + scipy (bench/scipy_bandpower.py), and `motifs detect` on the moving-bars session's
# events with its shipped kernel against PyTorch's dense convolution on the CPU
# (bench/torch_motifs_detect.py), on the session's 224,305 events and on 395,000 (the session
# twice, the second copy a whole number of bins later, cut at 395,000 events: the size the issue
# names). Each command: one warm-up run, then RUNS timed runs taking
# turns with its peer; prints the median wall and CPU (user + sys) seconds of each and their
# ratios, with the load average before every pair.
#
# usage: deploy/src/main/resources/bench/startup.sh [RUNS]   (from the repository root)
# env: PYTHON (numpy, scipy, torch; default python3), JAR_BEFORE (a jar to time the same way
#      without the launcher's class-data sharing, e.g. main's), BEFORE (another checkout, built,
#      whose launcher is timed the same way, archives included), NEUROSTREAM_JAVA_OPTS.
set -euo pipefail
runs="${1:-3}"
root="$(pwd)"
python="${PYTHON:-python3}"
bench="$root/deploy/src/main/resources/bench"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

./neurostream --version >/dev/null # builds the jar if it is stale
jar="$root/deploy/target/neurostream-cli.jar"
cat >"$work/MakeEdf.java" <<'EOF'
public class MakeEdf {
    public static void main(String[] a) throws Exception {
        org.neurostream.deploy.bench.SyntheticEdf.write(java.nio.file.Path.of(a[0]), 64, 256, 3600, 7L);
    }
}
EOF
java -cp "$jar" "$work/MakeEdf.java" "$work/1h.edf"
./neurostream events --input replay-data/dvs/moving-bars.raw --out "$work/mb.csv" \
    --addresses --shift 2 --width 32 --height 32 >/dev/null
# the session twice, the copy shifted by a whole number of 5 ms bins past the end, cut at 395,000
awk -F, 'NR == FNR { if (FNR > 1) last = $1; next }
    FNR == 1 { if (!copy) print; shift = copy * (int(last / 5000) + 2) * 5000; copy++; next }
    ++rows > 395000 { exit }
    { print $1 + shift "," $2 }' "$work/mb.csv" "$work/mb.csv" "$work/mb.csv" >"$work/mb395k.csv"
models="$root/replay-data/models"

flags=(--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
    -Dchronicle.analytics.disable=true -XX:+UseParallelGC -Xss4m)

# one timed run: prints "WALL CPU"
timed() {
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>&1
    awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$work/t"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

pair() {
    local label="$1" n
    shift
    local -a variants=("$@")
    for v in "${variants[@]}"; do eval "timed $v" >/dev/null; done # warm-up, archives made
    for ((n = 0; n < runs; n++)); do
        echo "load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/$label.load"
        local i=0
        for v in "${variants[@]}"; do
            eval "timed $v" >>"$work/$label.$i"
            i=$((i + 1))
        done
    done
    echo "$label: load averages $(cut -d' ' -f2 "$work/$label.load" | paste -sd' ')"
    local i=0 peer_wall peer_cpu
    peer_wall=$(cut -d' ' -f1 "$work/$label.$((${#variants[@]} - 1))" | median)
    peer_cpu=$(cut -d' ' -f2 "$work/$label.$((${#variants[@]} - 1))" | median)
    for v in "${variants[@]}"; do
        local wall cpu
        wall=$(cut -d' ' -f1 "$work/$label.$i" | median)
        cpu=$(cut -d' ' -f2 "$work/$label.$i" | median)
        awk -v l="$label" -v v="$v" -v w="$wall" -v c="$cpu" -v pw="$peer_wall" -v pc="$peer_cpu" \
            'BEGIN {printf "%s: %-60.60s wall %.2f s (%.2fx peer)  cpu %.2f s (%.2fx peer)\n", l, v, w, w / pw, c, c / pc}'
        i=$((i + 1))
    done
}

bp_args="bandpower --input $work/1h.edf --out $work/bp.csv"
md_args="motifs detect --kernel $models/moving-bars.kernel.npy --bias $models/moving-bars.bias.npy --bin-us 5000"
bp=("./neurostream $bp_args" "env NEUROSTREAM_CDS=off ./neurostream $bp_args")
if [ -n "${JAR_BEFORE:-}" ]; then
    bp+=("java ${flags[*]} -jar $JAR_BEFORE $bp_args")
fi
if [ -n "${BEFORE:-}" ]; then
    bp+=("$BEFORE/neurostream $bp_args")
fi
bp+=("$python $bench/scipy_bandpower.py $work/1h.edf $work/scipy.csv")
pair bandpower "${bp[@]}"
for events in mb mb395k; do
    md_io="--events $work/$events.csv --out $work/md.csv"
    md=("./neurostream $md_args $md_io" "env NEUROSTREAM_CDS=off ./neurostream $md_args $md_io")
    if [ -n "${JAR_BEFORE:-}" ]; then
        md+=("java ${flags[*]} -jar $JAR_BEFORE $md_args $md_io")
    fi
    if [ -n "${BEFORE:-}" ]; then
        md+=("$BEFORE/neurostream $md_args $md_io")
    fi
    md+=("$python $bench/torch_motifs_detect.py $models/moving-bars.kernel.npy $models/moving-bars.bias.npy $work/$events.csv 5000 0 $work/torch.csv")
    echo "motifs-detect-$events: $(($(wc -l <"$work/$events.csv") - 1)) events"
    pair "motifs-detect-$events" "${md[@]}"
done
