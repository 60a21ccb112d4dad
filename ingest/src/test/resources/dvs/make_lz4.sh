#!/bin/sh
# LZ4 frames made by the reference lz4 command-line tool (Debian package lz4), for
# Lz4FrameDecoderTest. The content is 40000 words, word i = WORDS[(i * i) mod 5] followed by a
# space, WORDS = alpha beta gamma delta epsilon (the test rebuilds it).
#   linked.lz4:      64 KiB blocks that refer back to earlier blocks (-BD), content checksum
#   independent.lz4: 64 KiB independent blocks, block checksums (-BX), content size field
set -e
python3 -c "
w = ['alpha', 'beta', 'gamma', 'delta', 'epsilon']
import sys
sys.stdout.write(''.join(w[(i * i) % 5] + ' ' for i in range(40000)))
" > content.txt
lz4 -q -f -B4 -BD content.txt linked.lz4
lz4 -q -f -B4 -BX --content-size content.txt independent.lz4
rm content.txt
