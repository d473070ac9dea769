#!/usr/bin/env python3
"""Writes a zip whose members unpack to gigabytes in well under a second (tests/security/bounded.sh).

  make_bomb.py OUT.zip NAME=SPEC ...

SPEC is either `text:STRING` (a small member, stored as given) or
`fill:HEAD:BYTE:MIB:TAIL`: HEAD, then MIB mebibytes of the byte BYTE (e.g. 32 for a space, 0 for
NUL), then TAIL. A fill member is deflated once per mebibyte after a full flush, so each
mebibyte compresses to the same bytes, which are repeated; its CRC-32 is combined in log time
(zlib's crc32_combine, written out here) instead of being computed over gigabytes. Sizes stay below
4 GiB (no zip64).
"""
import struct
import sys
import zlib

MIB = 1 << 20


def gf2_times(mat, vec):
    s, i = 0, 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def gf2_square(mat):
    return [gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1, crc2, len2):
    """The CRC-32 of A+B from crc(A), crc(B) and len(B)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << (n - 1) for n in range(1, 32)]
    even = gf2_square(odd)
    odd = gf2_square(even)
    while True:
        even = gf2_square(odd)
        if len2 & 1:
            crc1 = gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = gf2_square(even)
        if len2 & 1:
            crc1 = gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc_repeated(crc, length, n):
    """The CRC-32 of n copies of a block whose CRC is crc and length is length."""
    result, rlen = 0, 0
    while n:
        if n & 1:
            result = crc32_combine(result, crc, length) if rlen else crc
            rlen += length
        crc = crc32_combine(crc, crc, length)
        length *= 2
        n >>= 1
    return result


def fill_member(head, byte, mib, tail):
    chunk = bytes([byte]) * MIB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    seg = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert seg == again, "a full flush must make each mebibyte compress alike"
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    crc = crc32_combine(crc, crc_repeated(zlib.crc32(chunk), MIB, mib), mib * MIB)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    size = len(head) + mib * MIB + len(tail)
    assert size < 1 << 32
    return [first] + [seg] * mib + [last], crc, size


def main():
    out = sys.argv[1]
    # The combination is checked against zlib itself on a small case first.
    assert crc32_combine(zlib.crc32(b"abc"), zlib.crc32(b"defg"), 4) == zlib.crc32(b"abcdefg")
    assert crc_repeated(zlib.crc32(b"xy"), 2, 5) == zlib.crc32(b"xy" * 5)
    central = []
    with open(out, "wb") as f:
        for arg in sys.argv[2:]:
            name, spec = arg.split("=", 1)
            if spec.startswith("text:"):
                data = spec[5:].encode()
                parts, crc, size = [zlib.compress(data, 9)[2:-4]], zlib.crc32(data), len(data)
            else:
                _, head, byte, mib, tail = spec.split(":", 4)
                parts, crc, size = fill_member(head.encode(), int(byte), int(mib), tail.encode())
            csize = sum(len(p) for p in parts)
            offset = f.tell()
            raw = name.encode()
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, size, len(raw), 0) + raw)
            for p in parts:
                f.write(p)
            central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, size,
                                       len(raw), 0, 0, 0, 0, 0, offset) + raw)
        start = f.tell()
        for c in central:
            f.write(c)
        end = f.tell()
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))


main()
