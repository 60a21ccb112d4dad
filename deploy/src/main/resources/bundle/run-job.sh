#!/usr/bin/env bash
# NeuroStream GPU bundle, job (made by `neurostream gpu-bundle --job DIR`): the NeuroStream job on
# a journal with the OpenCL backend, with the bundle's own Java runtime, no JDK or Maven needed.
#   ./run.sh                  records the bundle's sample sessions (replay-data) into a journal,
#                             then replays it with --backend opencl and again with --backend cpu,
#                             and compares the outputs file by file
#   ./run.sh --journal J      the same on the journal J (no recording)
#   ./run.sh replay ARGS...   any replay or record run (see ./run.sh replay --help)
# Environment: OCL_ICD_VENDORS / OPENCL_VENDOR_PATH (the vendor's .icd files, else searched),
# NEUROSTREAM_JAVA_OPTS (default -Xmx8g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bundle-env.sh
. "$here/bundle-env.sh"
neurostream_setup "$here"
if [ $# -gt 0 ] && [ "$1" != "--journal" ]; then
    echo "run: neurostream $*"
    neurostream "$@"
    exit
fi
mkdir -p "$neurostream_scratch"
data="$PAYLOAD/replay-data"
if [ $# -ge 2 ]; then
    journal=$2
else
    journal="$neurostream_scratch/journal"
    echo "run: neurostream record (the bundle's sample sessions) --journal $journal"
    neurostream record --input "$data/eeg/S001R01.edf" "$data/eeg/S001R04.edf" \
        "$data/dvs/moving-bars.raw" "$data/calcium/synthetic-gcamp.npy" \
        --journal "$journal" --speed max
fi
for backend in opencl cpu; do
    echo "run: neurostream replay --journal $journal --backend $backend"
    start=$(date +%s%N)
    # resting-state descriptors off: they run on the CPU alone and would hide the backend's share
    # (the bundle's jar holds what these runs load; a replay with descriptors needs the full jar)
    neurostream replay --journal "$journal" --backend "$backend" -D neurostream.descriptors=false \
        --model "$data/models/rest-vs-imagery.json" \
        --motif-model "$data/models/moving-bars.json" \
        --calcium-motif-model "$data/models/calcium-bursts.json" \
        --out "$neurostream_scratch/out-$backend"
    echo "run: replay --backend $backend took $((($(date +%s%N) - start) / 1000000)) ms (whole process)"
done
# the largest relative difference between the numbers of two CSV files of the same shape, and
# how many other fields differ
largest_difference() {
    awk -F, 'NR == FNR { row[FNR] = $0; next }
        { split(row[FNR], x, ",")
          for (i = 1; i <= NF; i++) {
              if ($i ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ && x[i] ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) {
                  d = $i - x[i]; if (d < 0) d = -d
                  m = x[i] < 0 ? -x[i] : x[i]
                  if (m > 0 && d / m > r) r = d / m
              } else if ($i != x[i]) other++
          } }
        END { printf "largest relative difference %.3g, %d other fields differ", r + 0, other + 0 }' \
        "$1" "$2"
}
same=0
differ=0
for f in "$neurostream_scratch/out-cpu"/*.csv; do
    name=$(basename "$f")
    other="$neurostream_scratch/out-opencl/$name"
    if cmp -s "$f" "$other"; then
        same=$((same + 1))
    else
        differ=$((differ + 1))
        echo "compare: $name differs: $(wc -l < "$f") rows (cpu), $(wc -l < "$other") (opencl);" \
            "$(largest_difference "$f" "$other")"
    fi
done
echo "compare: $same files identical, $differ differ"
