#!/usr/bin/env -S python3 -S
"""FSPAWN, one process per event: the event on stdin, the result on stdout, exit status 0.
On a malformed event: a message on stderr and exit status 2. (-S skips site: a faster start.)"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from algorithm1_core import algorithm1  # noqa: E402

try:
    result = algorithm1(sys.stdin.buffer.read())
except (ValueError, UnicodeError) as e:
    sys.stderr.write("algorithm1: malformed input: %s\n" % e)
    sys.exit(2)
sys.stdout.buffer.write(result)
