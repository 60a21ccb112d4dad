"""A liblsl peer for NeuroStream's interoperability tests and benchmarks.

Runs the real C library (liblsl, as bundled in pylsl's Linux wheel; PYLSL_LIB picks another
build) in one of these roles and writes what it did as JSON, so that a Java test can compare
bit for bit:

  outlet    serve a stream, wait for an inlet, push --count samples with explicit timestamps
  markers   serve a one-channel string marker stream and push --count markers (marker-<i>, or
            the labels of --cycle in turn)

Both keep their outlet after the last push until no inlet is connected (at most --drain seconds),
then --linger seconds more: liblsl drops the samples still queued for an inlet when its outlet is
destroyed, and on a loaded machine its sender thread can be dozens of samples behind the pushes.
  inlet     resolve a predicate, read --count samples (values, timestamps, channel labels) and
            the clock correction
  resolve   list the streams liblsl's resolver sees
  feed      serve a stream at its real rate for --seconds (benchmarks: --chunk samples per push)
  latency   read a stream and report, per sample, local_clock() at arrival minus its timestamp

Every run must be given a loopback-only configuration through LSLAPICFG; the script refuses to
start otherwise, so that nothing it does reaches beyond 127.0.0.1.
"""

import argparse
import json
import os
import struct
import sys
import time


def loopback_only():
    path = os.environ.get("LSLAPICFG")
    if not path or not os.path.isfile(path):
        return False
    text = open(path).read()
    return "ResolveScope = machine" in text and "{127.0.0.1}" in text


def float32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def values_for(fmt, channels, i):
    """Sample i of a deterministic test signal, exactly representable in the format."""
    if fmt == "float32":
        return [float32((i * 0.37 + c) * (-1) ** c + 1e-3 * c) for c in range(channels)]
    if fmt == "double64":
        return [(i * 0.1 + c / 3.0) * (-1) ** c for c in range(channels)]
    if fmt == "int8":
        return [((i + c) % 200) - 100 for c in range(channels)]
    if fmt == "int16":
        return [((i * 7 + c) % 60000) - 30000 for c in range(channels)]
    if fmt == "int32":
        return [(i * 100003 + c) * (-1) ** c for c in range(channels)]
    if fmt == "string":
        return ["s%d-%d \"q\",x" % (i, c) for c in range(channels)]
    raise SystemExit("unknown format " + fmt)


def make_info(pylsl, args):
    fmt = getattr(pylsl, "cf_" + args.format)
    info = pylsl.StreamInfo(args.name, args.type, args.channels, args.rate, fmt, args.source_id)
    if args.labels:
        chans = info.desc().append_child("channels")
        for label in args.labels.split(","):
            ch = chans.append_child("channel")
            ch.append_child_value("label", label)
            ch.append_child_value("unit", "uV")
    return info


def run_outlet(pylsl, args):
    outlet = serve(pylsl, args, make_info(pylsl, args))
    pushed = []
    for i in range(args.count):
        v = values_for(args.format, args.channels, i + args.first)
        # with --base, stamps follow the nominal rate from that LSL time (a device clock)
        t = args.base + (i + args.first) / args.rate if args.base else pylsl.local_clock()
        outlet.push_sample(v, t)
        pushed.append({"t": t, "v": v})
        time.sleep(args.interval)
    write(args.out, {"uid": outlet.get_info().uid(), "samples": pushed})
    sys.stdout.write("pushed %d\n" % args.count)
    sys.stdout.flush()
    drain(outlet, args)
    time.sleep(args.linger)


def drain(outlet, args):
    """Keeps the outlet until its inlets are gone (they have read what they wanted), or --drain."""
    deadline = time.time() + args.drain
    while outlet.have_consumers() and time.time() < deadline:
        time.sleep(0.01)


def open_inlet(pylsl, args):
    """Resolves --pred, opens an inlet on the first match and says 'open' once connected."""
    found = pylsl.resolve_bypred(args.pred, 1, args.timeout)
    if not found:
        raise SystemExit("nothing matches " + args.pred)
    inlet = pylsl.StreamInlet(found[0], max_buflen=args.buffer, recover=True)
    inlet.open_stream(args.timeout)
    sys.stdout.write("open\n")
    sys.stdout.flush()
    return inlet


def serve(pylsl, args, info, **kwargs):
    """An outlet for info, once an inlet is connected (and --settle has passed)."""
    outlet = pylsl.StreamOutlet(info, **kwargs)
    if not outlet.wait_for_consumers(args.timeout):
        raise SystemExit("no inlet connected within %s s" % args.timeout)
    time.sleep(args.settle)
    return outlet


def run_inlet(pylsl, args):
    inlet = open_inlet(pylsl, args)
    info = inlet.info(args.timeout)
    samples = []
    deadline = time.time() + args.timeout
    while len(samples) < args.count and time.time() < deadline:
        v, t = inlet.pull_sample(timeout=1.0)
        if t is not None:
            samples.append({"t": t, "v": v})
    correction = inlet.time_correction(args.timeout)
    write(args.out, {
        "name": info.name(), "uid": info.uid(), "source_id": info.source_id(),
        "format": info.channel_format(), "srate": info.nominal_srate(),
        "labels": info.get_channel_labels(), "units": info.get_channel_units(),
        "samples": samples, "time_correction": correction,
    })


def run_resolve(pylsl, args):
    found = pylsl.resolve_streams(args.timeout)
    write(args.out, [{"name": s.name(), "uid": s.uid(), "source_id": s.source_id(),
                      "type": s.type(), "channels": s.channel_count()} for s in found])


def run_markers(pylsl, args):
    info = pylsl.StreamInfo(args.name, "Markers", 1, 0, pylsl.cf_string, args.source_id)
    outlet = serve(pylsl, args, info)
    pushed = []
    for i in range(args.count):
        label = args.cycle.split(",")[i % len(args.cycle.split(","))] if args.cycle else "marker-%d" % i
        t = pylsl.local_clock()
        outlet.push_sample([label], t)
        pushed.append({"t": t, "v": [label]})
        time.sleep(args.interval)
    write(args.out, {"samples": pushed})
    drain(outlet, args)
    time.sleep(args.linger)


def run_feed(pylsl, args):
    import numpy as np
    outlet = serve(pylsl, args, make_info(pylsl, args), chunk_size=args.chunk)
    rng = np.random.default_rng(7)
    block = rng.standard_normal((args.chunk, args.channels)).astype(np.float32)
    period = args.chunk / args.rate
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < args.seconds:
        due = start + n * period
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        outlet.push_chunk(block, pylsl.local_clock())
        n += 1
    sys.stdout.write("chunks %d\n" % n)
    sys.stdout.flush()
    time.sleep(args.linger)


def run_latency(pylsl, args):
    inlet = open_inlet(pylsl, args)
    lat = []
    deadline = time.time() + args.timeout
    while len(lat) < args.count and time.time() < deadline:
        v, t = inlet.pull_sample(timeout=1.0)
        if t is not None:
            lat.append(pylsl.local_clock() - t)
    write(args.out, {"latency_s": lat})


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["outlet", "markers", "inlet", "resolve", "feed", "latency"])
    p.add_argument("--name", default="pypeer")
    p.add_argument("--type", default="EEG")
    p.add_argument("--channels", type=int, default=2)
    p.add_argument("--rate", type=float, default=100.0)
    p.add_argument("--format", default="float32")
    p.add_argument("--source-id", default="")
    p.add_argument("--labels", default="")
    p.add_argument("--cycle", default="", help="markers: labels to push in turn (default marker-<i>)")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--base", type=float, default=0.0)
    p.add_argument("--interval", type=float, default=0.002)
    p.add_argument("--settle", type=float, default=0.5)
    p.add_argument("--linger", type=float, default=0.0)
    p.add_argument("--drain", type=float, default=2.0)
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--buffer", type=int, default=360)
    p.add_argument("--pred", default="")
    p.add_argument("--chunk", type=int, default=1)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--out", default=os.devnull)
    args = p.parse_args()
    if not loopback_only():
        raise SystemExit("LSLAPICFG must name a loopback-only configuration")
    import pylsl
    {"outlet": run_outlet, "markers": run_markers, "inlet": run_inlet, "resolve": run_resolve,
     "feed": run_feed, "latency": run_latency}[args.role](pylsl, args)


if __name__ == "__main__":
    main()
