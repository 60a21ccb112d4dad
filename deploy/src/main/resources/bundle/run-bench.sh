#!/usr/bin/env bash
# NeuroStream GPU bundle, bench (made by `neurostream gpu-bundle DIR`): runs `neurostream bench`
# on this machine's GPU with the bundle's own Java runtime, no JDK or Maven needed.
#   ./run.sh                  the figures of the GPU issue: @DEFAULT_ARGS@
#   ./run.sh bench ARGS...    any bench run (see ./run.sh bench --help)
# Environment: OCL_ICD_VENDORS / OPENCL_VENDOR_PATH (the vendor's .icd files, else searched),
# NEUROSTREAM_PYTHON (the python with PyTorch for --peer, default python3), NEUROSTREAM_JAVA_OPTS (default -Xmx8g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bundle-env.sh
. "$here/bundle-env.sh"
neurostream_setup "$here"
if [ $# -eq 0 ]; then
    set -- @DEFAULT_ARGS@
fi
echo "run: neurostream $*"
neurostream "$@"
