#!/usr/bin/env python3
"""Writes the golden bytes of frame format version 1 from the layout in FrameDescriptor's javadoc,
independently of the Java encoder. Run: python3 make_golden.py (from this folder)."""
import struct

def header(kind, modality, length, seq, t0, period, ingest, channels, elements, stream, session):
    h = struct.pack('<4sHBBiiqqqqiiHHi', b'NSFR', 1, kind, modality, length, 0, seq, t0, period,
                    ingest, channels, elements, len(stream), len(session), 0)
    ids = stream + session
    pad = (-(64 + len(ids))) % 8
    return h + ids + b'\0' * pad

def write(name, data, comment):
    with open(name, 'w') as f:
        f.write('# ' + comment + '\n')
        for i in range(0, len(data), 16):
            f.write(data[i:i + 16].hex(' ') + '\n')

stream, session = b'S001R01/eeg', b'S001R01'
payload = struct.pack('<6f', 1.5, -2, 3.25, 4, 5, -6.5)
length = 88 + len(payload)
write('v1-samples.hex',
      header(1, 1, length, 7, 1_000_000_000, 6_250_000, 1_700_000_000_123_456_789, 3, 2, stream, session) + payload,
      'frame v1, SAMPLES, EEG, seq 7, t0 1 s, period 6.25 ms, 3 channels x 2 samples')
events = struct.pack('<iihbbf', 0, 707, 297, 0, 0, 1.0) + struct.pack('<iihbbf', 12, 708, 298, 1, 0, 0.5)
length = 88 + len(events)
write('v1-events.hex',
      header(2, 3, length, 1, 5_840_504_000, 1_000, 0, 0, 2, stream, session) + events,
      'frame v1, EVENTS, DVS, seq 1, t0 5840504 us, unit 1 us, 2 events')
