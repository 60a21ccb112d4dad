#!/usr/bin/env python3
"""Golden bytes of DescriptorStateSerializer format version 1, written from the documented layout
(big-endian, as Flink's data views write): version, channels, periodNs, startNs, capacity,
samples, nextFastAt, nextDfaAt, ring length, ring float32 values. Run: python3 make_state_golden.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ring = [0.5, -1.25, 3.0, 1e-3, -7.5, 2.0]
data = struct.pack(">iiqqiqqqi", 1, 2, 6_250_000, 5_000_000_000, 3, 1234, 1280, 9600, len(ring))
data += struct.pack(">%df" % len(ring), *ring)
with open(os.path.join(HERE, "state_v1.bin"), "wb") as f:
    f.write(data)
