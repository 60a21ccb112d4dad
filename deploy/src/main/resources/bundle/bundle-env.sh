# Sourced by the run.sh of a NeuroStream GPU bundle (written by `neurostream gpu-bundle`):
# unpacks the bundle's payload once, finds the OpenCL ICD loader and the vendor's driver, saying
# what it uses, and runs the command line. Needs bash, tar and xz (or python3) and nothing else
# of the machine.

# A scratch folder for what this run makes (an .icd file, a library link).
neurostream_scratch="${TMPDIR:-/tmp}/neurostream-gpu-$$"

# Prints the first path of the shared library $1 found: the loader's cache, the library path, the
# usual driver and CUDA folders.
neurostream_find_lib() {
    local name=$1 dir found
    if command -v ldconfig >/dev/null 2>&1; then
        found=$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n { print $NF; exit }')
        if [ -n "$found" ] && [ -e "$found" ]; then
            echo "$found"
            return 0
        fi
    fi
    local path=${LD_LIBRARY_PATH:-}
    for dir in ${path//:/ } /usr/local/nvidia/lib64 /usr/local/nvidia/lib \
        /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib \
        /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /opt/cuda/lib64 \
        /usr/lib/wsl/lib; do
        if [ -n "$dir" ] && [ -e "$dir/$name" ]; then
            echo "$dir/$name"
            return 0
        fi
    done
    return 1
}

# Unpacks payload.tar.xz (the Java runtime, neurostream-gpu.jar and, for the job, the sample
# sessions) next to it, or under $TMPDIR where the bundle's folder is read-only, the first time;
# sets PAYLOAD to that folder and JAVA to its runtime's java.
neurostream_unpack() {
    local here=$1 dest
    dest=${NEUROSTREAM_PAYLOAD_DIR:-$here/payload}
    if ! mkdir -p "$dest" 2>/dev/null || [ ! -w "$dest" ]; then
        dest="${TMPDIR:-/tmp}/neurostream-gpu-payload"
        mkdir -p "$dest"
    fi
    if [ ! -e "$dest/.complete" ] || [ "$here/payload.tar.xz" -nt "$dest/.complete" ]; then
        echo "payload: unpacking $here/payload.tar.xz into $dest"
        rm -rf "$dest/runtime"
        if command -v xz >/dev/null 2>&1; then
            xz -dc "$here/payload.tar.xz" | tar -C "$dest" -xf -
        else
            python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' \
                "$here/payload.tar.xz" "$dest"
        fi
        touch "$dest/.complete"
    fi
    PAYLOAD=$dest
    JAVA="$dest/runtime/bin/java"
    echo "runtime: $("$JAVA" -version 2>&1 | head -n 1)"
}

# Exports OCL_ICD_VENDORS (and OPENCL_VENDOR_PATH) for the vendor's .icd files and puts the ICD
# loader (libOpenCL.so.1) on LD_LIBRARY_PATH. Vendors: $OCL_ICD_VENDORS or $OPENCL_VENDOR_PATH
# when set, else the first usual folder holding an .icd file, else an .icd made here for the
# NVIDIA driver's libnvidia-opencl.so.1. Without an ICD loader, the driver's library is loaded
# directly under the loader's name.
neurostream_opencl() {
    local vendors="" dir driver loader
    if [ -n "${OCL_ICD_VENDORS:-}" ]; then
        vendors=$OCL_ICD_VENDORS
        echo "opencl: vendors from OCL_ICD_VENDORS: $vendors"
    elif [ -n "${OPENCL_VENDOR_PATH:-}" ]; then
        vendors=$OPENCL_VENDOR_PATH
        echo "opencl: vendors from OPENCL_VENDOR_PATH: $vendors"
    else
        for dir in /etc/OpenCL/vendors /usr/local/etc/OpenCL/vendors \
            /usr/local/nvidia/etc/OpenCL/vendors /usr/share/OpenCL/vendors /opt/etc/OpenCL/vendors; do
            if compgen -G "$dir/*.icd" >/dev/null; then
                vendors=$dir
                echo "opencl: vendors in $vendors"
                break
            fi
        done
    fi
    driver=$(neurostream_find_lib libnvidia-opencl.so.1 || true)
    if [ -z "$vendors" ] && [ -n "$driver" ]; then
        mkdir -p "$neurostream_scratch/vendors"
        echo "$driver" > "$neurostream_scratch/vendors/nvidia.icd"
        vendors="$neurostream_scratch/vendors"
        echo "opencl: no .icd file in the usual folders; made $vendors/nvidia.icd for $driver"
    fi
    if [ -n "$vendors" ]; then
        export OCL_ICD_VENDORS="$vendors"
        export OPENCL_VENDOR_PATH="$vendors"
        if [ -d "$vendors" ]; then
            for f in "$vendors"/*.icd; do
                [ -e "$f" ] && echo "opencl: $f -> $(tr -d '\n' < "$f")"
            done
        fi
    else
        echo "opencl: no vendor .icd file found and no libnvidia-opencl.so.1; set OCL_ICD_VENDORS"
    fi
    loader=$(neurostream_find_lib libOpenCL.so.1 || true)
    if [ -n "$loader" ]; then
        export LD_LIBRARY_PATH="$(dirname "$loader")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        echo "opencl: ICD loader $loader"
    elif [ -n "$driver" ]; then
        mkdir -p "$neurostream_scratch/lib"
        ln -sf "$driver" "$neurostream_scratch/lib/libOpenCL.so.1"
        export LD_LIBRARY_PATH="$neurostream_scratch/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
        echo "opencl: no ICD loader (libOpenCL.so.1); loading the driver's $driver directly"
    else
        echo "opencl: no ICD loader (libOpenCL.so.1) found: the run falls back to the cpu path"
    fi
    if command -v nvidia-smi >/dev/null 2>&1; then
        echo "gpu: $(nvidia-smi --query-gpu=name,driver_version,pcie.link.gen.current,pcie.link.width.current --format=csv,noheader 2>&1 | head -n 1)"
    fi
}

# Everything a run.sh needs before its command: unpacks the payload, finds OpenCL, removes the
# scratch folder at exit; sets JAVA and PAYLOAD and exports NEUROSTREAM_HOME.
neurostream_setup() {
    trap 'rm -rf "$neurostream_scratch"' EXIT
    neurostream_unpack "$1"
    neurostream_opencl
    export NEUROSTREAM_HOME="$1"
}

# Runs the NeuroStream command line of the payload with the arguments. NEUROSTREAM_JAVA_OPTS
# replaces the default -Xmx8g (set explicitly: a machine whose memory grows as it is used reports
# too little at the start for the JVM's own choice).
neurostream() {
    # shellcheck disable=SC2086
    "$JAVA" @JAVA_FLAGS@ ${NEUROSTREAM_JAVA_OPTS:--Xmx8g} -jar "$PAYLOAD/neurostream-gpu.jar" "$@"
}
