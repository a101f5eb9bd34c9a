#!/usr/bin/env -S python3 -S
"""FSPAWN persistent worker (mode = "warm"): serves events over the persistent-worker protocol
(invoker/README.md): READY once, then per event u32 big-endian length + payload in, and
u8 status (0 ok, 1 error) + u32 big-endian length + bytes out. End of stdin: exit 0."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from algorithm1_core import algorithm1  # noqa: E402

STATUS_OK, STATUS_ERROR, STATUS_READY = 0, 1, 2


def read_exactly(stream, n):
    data = stream.read(n)
    while data is not None and 0 < len(data) < n:
        more = stream.read(n - len(data))
        if not more:
            break
        data += more
    return data


def respond(out, status, body):
    out.write(struct.pack(">BI", status, len(body)) + body)
    out.flush()


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    respond(stdout, STATUS_READY, b"")
    while True:
        header = read_exactly(stdin, 4)
        if not header:
            return 0
        if len(header) < 4:
            return 2
        (length,) = struct.unpack(">I", header)
        payload = read_exactly(stdin, length) if length else b""
        if len(payload) < length:
            return 2
        try:
            respond(stdout, STATUS_OK, algorithm1(payload))
        except (ValueError, UnicodeError) as e:
            respond(stdout, STATUS_ERROR, ("malformed input: %s" % e).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
