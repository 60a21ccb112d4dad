#!/usr/bin/python3
"""Golden values for the EDF reader tests, from MNE's independent EDF reader.

Made with Debian's python3-mne 1.3.0+dfsg-1 (mne 1.3.0, numpy 1.24.2, Python 3.11.2), by this
exact command, run from the repository root:

    /usr/bin/python3 ingest/src/test/resources/edf/make_golden.py \
        ../shared/data/eeg ingest/src/test/resources/edf

Writes, into the output folder:
  S001R01_golden.json   header facts, selected samples (in uV) and per-channel sums of
                        S001R01.edf as MNE reads it (mne.io.read_raw_edf(..., preload=True);
                        MNE returns volts, converted here to uV by * 1e6)
  S001R04_annotations.csv  raw.annotations of S001R04.edf: onset,duration,description
                        (onset and duration as Python repr of the float64, i.e. exact)
"""
import csv
import json
import os
import sys

import mne
import numpy as np

# Channels and sample indices checked one by one: the first samples, both sides of the first
# record boundary (160 samples per record), the middle of the file and the last sample.
CHANNELS = [0, 1, 10, 21, 40, 63]
SAMPLES = list(range(0, 10)) + [159, 160, 161] + list(range(4875, 4885)) + [9759]


def main(data_dir, out_dir):
    raw = mne.io.read_raw_edf(os.path.join(data_dir, 'S001R01.edf'), preload=True,
                              verbose=False)
    data_uv = raw.get_data() * 1e6
    golden = {
        'mne_version': mne.__version__,
        'file': 'S001R01.edf',
        'sfreq': float(raw.info['sfreq']),
        'n_times': int(raw.n_times),
        'ch_names': list(raw.ch_names),
        'samples_uV': [
            {'channel': c, 'sample': s, 'value': float(data_uv[c, s])}
            for c in CHANNELS for s in SAMPLES
        ],
        # float64 sums of every channel over the whole file: checks every sample at once.
        'channel_sum_uV': [float(x) for x in data_uv.sum(axis=1)],
        'channel_sum_squares_uV2': [float(x) for x in (data_uv ** 2).sum(axis=1)],
    }
    with open(os.path.join(out_dir, 'S001R01_golden.json'), 'w') as f:
        json.dump(golden, f, indent=1)
        f.write('\n')

    raw4 = mne.io.read_raw_edf(os.path.join(data_dir, 'S001R04.edf'), preload=False,
                               verbose=False)
    with open(os.path.join(out_dir, 'S001R04_annotations.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['onset', 'duration', 'description'])
        for a in raw4.annotations:
            w.writerow([repr(float(a['onset'])), repr(float(a['duration'])),
                        a['description']])


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
