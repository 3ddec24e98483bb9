#!/usr/bin/env python3
"""How much of a PNG is drawn on: prints JSON {width, height, ink, colours}.

Usage: png_ink.py FILE [X0 Y0 X1 Y1]   (optional box to measure, pixels)

ink is the share of pixels that are not (near) white; colours counts the
distinct colours (quantised to 4 bits a channel) among inked pixels. Standard
library only: the tests must not depend on an imaging package. Handles
non-interlaced 8-bit greyscale, RGB and RGBA (what Graphviz and Chromium
write); anything else is an error.
"""
import json
import struct
import sys
import zlib


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise SystemExit(f"{path}: unsupported PNG (depth {depth}, colour {colour}, interlace {interlace})")
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, channels, rows


def main():
    width, height, channels, rows = read_png(sys.argv[1])
    x0, y0, x1, y1 = (int(v) for v in sys.argv[2:6]) if len(sys.argv) >= 6 else (0, 0, width, height)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    inked, colours = 0, set()
    for line in rows[y0:y1]:
        for x in range(x0 * channels, x1 * channels, channels):
            px = line[x : x + channels]
            if channels <= 2:
                rgb = (px[0],) * 3
                alpha = px[1] if channels == 2 else 255
            else:
                rgb = tuple(px[:3])
                alpha = px[3] if channels == 4 else 255
            if alpha > 16 and min(rgb) < 235:
                inked += 1
                colours.add(tuple(v >> 4 for v in rgb))
    area = max(1, (x1 - x0) * (y1 - y0))
    print(json.dumps({"width": width, "height": height, "ink": inked / area, "colours": len(colours)}))


if __name__ == "__main__":
    main()
