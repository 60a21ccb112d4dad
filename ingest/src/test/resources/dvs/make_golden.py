"""Golden values for the event-camera readers, from decoders written independently in Python.

Run with Debian's python3 (numpy, python3-lz4):
    /usr/bin/python3 make_golden.py /work/shared/data/dvs > golden.json

The decoders follow docs/formats.md#event-camera-files and the openeb standalone decoders
(skip words before the first TIME_HIGH, time-high loop rule), AEDAT 4.0 with lz4.frame, N-MNIST
with tonic's overflow rule.
For each file: count, ON/OFF counts, first and last 3 events (t, x, y, p), and an order-sensitive
hash: sum over events i of (i + 1) * ((t - t_first) * 1000003 + x * 8191 + y * 2 + p), modulo 2^64
and printed as a signed 64-bit value (what Java's long arithmetic gives).
Also the faults of truncated copies that the Java tests make: the events before the cut, and the
byte offset of the fault.
"""
import json
import os
import struct
import sys

import lz4.frame
import numpy as np


def raw_header_end(b):
    i = 0
    while i < len(b) and b[i] == ord('%'):
        j = b.index(b'\n', i)
        line = b[i:j].rstrip(b'\r')
        i = j + 1
        if line.strip() == b'% end':
            break
    return i


def evt2(b, h):
    n = (len(b) - h) // 4
    w = np.frombuffer(b, dtype='<u4', count=n, offset=h).astype(np.int64)
    out = []
    synced = False
    base = 0
    loops = 0
    max_base = ((1 << 28) - 1) << 6
    loop = max_base + (1 << 6)
    for word in w.tolist():
        ty = word >> 28
        if not synced:
            if ty != 8:
                continue
            base = (word & 0xFFFFFFF) << 6
            synced = True
        if ty in (0, 1):
            out.append((base + ((word >> 22) & 63), (word >> 11) & 2047, word & 2047, ty))
        elif ty == 8:
            new = ((word & 0xFFFFFFF) << 6) + loops * loop
            if base > new and base - new >= max_base - (10 << 6):
                new += loop
                loops += 1
            base = new
    return out


def evt3(b, h):
    n = (len(b) - h) // 2
    w = np.frombuffer(b, dtype='<u2', count=n, offset=h).astype(np.int64)
    out = []
    synced = False
    base = 0
    now = 0
    loops = 0
    y = 0
    bx = 0
    vp = 0
    cd = True
    max_base = ((1 << 12) - 1) << 12
    loop = max_base + (1 << 12)
    for word in w.tolist():
        ty = word >> 12
        v = word & 0xFFF
        if not synced:
            if ty != 8:
                continue
            base = v << 12
            synced = True
        if ty == 0:
            y = v & 2047
            cd = True
        elif ty == 1:
            cd = False
        elif ty == 2:
            if cd:
                out.append((now, v & 2047, y, (v >> 11) & 1))
        elif ty == 3:
            bx = v & 2047
            vp = (v >> 11) & 1
        elif ty in (4, 5):
            width = 12 if ty == 4 else 8
            if cd:
                for i in range(width):
                    if (v >> i) & 1:
                        out.append((now, bx + i, y, vp))
            bx += width
        elif ty == 6:
            now = base + v
        elif ty == 8:
            new = (v << 12) + loops * loop
            if base > new and base - new >= max_base - (10 << 12):
                new += loop
                loops += 1
            base = new
            now = base
    return out


def table_field(buf, table, fid):
    vt = table - struct.unpack_from('<i', buf, table)[0]
    vlen = struct.unpack_from('<H', buf, vt)[0]
    if 4 + 2 * fid + 2 > vlen:
        return None
    off = struct.unpack_from('<H', buf, vt + 4 + 2 * fid)[0]
    return None if off == 0 else table + off


def aedat4(b, cut=None):
    """Events of stream 0 of complete packets; with cut, also (events before cut, fault offset)."""
    length = struct.unpack_from('<i', b, 14)[0]
    hb = b[18:18 + length]
    root = struct.unpack_from('<I', hb, 0)[0]
    f1 = table_field(hb, root, 1)
    table_pos = struct.unpack_from('<q', hb, f1)[0] if f1 else -1
    end = table_pos if table_pos >= 0 else len(b)
    limit = end if cut is None else min(end, cut)
    pos = 18 + length
    out = []
    fault = None
    while pos < end:
        sid, size = struct.unpack_from('<ii', b, pos)
        if pos + 8 + size > limit:
            fault = pos
            break
        if sid == 0:
            d = lz4.frame.decompress(b[pos + 8:pos + 8 + size])
            r = 4 + struct.unpack_from('<I', d, 4)[0]
            f = table_field(d, r, 0)
            vec = f + struct.unpack_from('<I', d, f)[0]
            count = struct.unpack_from('<I', d, vec)[0]
            for k in range(count):
                t, x, y, p = struct.unpack_from('<qhhB', d, vec + 4 + 16 * k)
                out.append((t, x, y, 1 if p else 0))
        pos += 8 + size
    return out, fault


def nmnist(b):
    n = len(b) // 5
    r = np.frombuffer(b, dtype=np.uint8, count=5 * n).reshape(-1, 5).astype(np.int64)
    out = []
    offset = 0
    for x, y, b2, b3, b4 in r.tolist():
        if y == 240:
            offset += 1 << 13
            continue
        out.append((offset + (((b2 & 127) << 16) | (b3 << 8) | b4), x, y, b2 >> 7))
    return out


def summary(ev):
    t0 = ev[0][0]
    h = 0
    for i, (t, x, y, p) in enumerate(ev):
        h = (h + (i + 1) * ((t - t0) * 1000003 + x * 8191 + y * 2 + p)) % (1 << 64)
    if h >= 1 << 63:
        h -= 1 << 64
    return {
        'count': len(ev),
        'on': sum(1 for e in ev if e[3] == 1),
        'off': sum(1 for e in ev if e[3] == 0),
        'first': [list(e) for e in ev[:3]],
        'last': [list(e) for e in ev[-3:]],
        'hash': h,
    }


def main(folder):
    golden = {}
    for name in ('evt2_sample.raw', 'evt3_sample.raw', 'evt3_test_pedestrians.raw'):
        b = open(os.path.join(folder, name), 'rb').read()
        h = raw_header_end(b)
        ev = evt2(b, h) if 'evt2' in name else evt3(b, h)
        golden[name] = summary(ev)
        golden[name]['header_bytes'] = h
    b = open(os.path.join(folder, 'sample.aedat4'), 'rb').read()
    ev, _ = aedat4(b)
    golden['sample.aedat4'] = summary(ev)
    cut = 500000
    before, fault = aedat4(b, cut)
    golden['sample.aedat4']['truncated_at_500000'] = {'events': len(before), 'fault_offset': fault}
    b = open(os.path.join(folder, 'sample_nmnist.bin'), 'rb').read()
    golden['sample_nmnist.bin'] = summary(nmnist(b))
    json.dump(golden, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main(sys.argv[1])
