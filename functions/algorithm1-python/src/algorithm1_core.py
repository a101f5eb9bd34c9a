"""Algorithm 1 of the TEMPOS paper in Python, for the FSPAWN method (see functions/README.md).

Same event and output bytes as the C and Java versions: {"occurrences":N,"result":R}. The
event is parsed with the standard json module, so malformed events that the hand-written C
and Java parsers tolerate (e.g. broken values of unused fields) may be refused here.
"""
import json
import math
import re
from decimal import ROUND_HALF_EVEN, Decimal

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_THOUSANDTH = Decimal("0.001")


def _utf8(text):
    # The C and Java versions decode a lone \uD800..\uDFFF escape to U+FFFD.
    return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def algorithm1(payload: bytes) -> bytes:
    """The result bytes; raises ValueError for a payload that is not a valid event."""
    event = json.loads(payload.decode("utf-8", "surrogateescape"))
    if not isinstance(event, dict):
        raise ValueError("not a JSON object")
    message, pattern = event.get("message"), event.get("pattern")
    if not isinstance(message, str) or not isinstance(pattern, str):
        raise ValueError('"message" and "pattern" must be strings')
    needle = _utf8(pattern)
    occur = _utf8(message).count(needle) if needle else 0
    res = 0.0
    for i in range(occur):
        res += float(i) * i if i % 2 == 0 else math.sqrt(i)
    # C's "%.3f": the exact binary value, rounded half-even (Python's own "%.3f" does the same,
    # but Decimal says so explicitly).
    text = str(Decimal(res).quantize(_THOUSANDTH, rounding=ROUND_HALF_EVEN))
    return ('{"occurrences":%d,"result":%s}' % (occur, text)).encode("ascii")
