#!/usr/bin/python3
"""Fails on a blank screenshot (make test-browser): python3's standard library only.

Usage: check_png.py FILE.png
Decodes an 8-bit RGB or RGBA PNG (what Chromium writes) and requires at least 1% of pixels
away from the background colour and at least 8 distinct colours: a blank, white or
single-colour page fails, a rendered report (text, tables, plots) passes easily.
"""
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [row[i:i + 3] for row in rows for i in range(0, stride, channels)]


def main(argv):
    if len(argv) != 2:
        print("usage: check_png.py FILE.png", file=sys.stderr)
        return 2
    width, height, px = pixels(argv[1])
    background = px[0]
    inked = sum(1 for p in px if p != background) / len(px)
    colours = len(set(px))
    print(f"{argv[1]}: {width}x{height}, {inked:.1%} of pixels differ from the background, {colours} colours")
    if inked < 0.01 or colours < 8:
        print(f"{argv[1]}: the page is blank", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
