'use strict';
// Algorithm 1 of the TEMPOS paper in JavaScript (Node.js), for the FSPAWN method (see
// functions/README.md). Same event and output bytes as the C and Java versions. The event is
// parsed with JSON.parse, so malformed events that the hand-written C and Java parsers tolerate
// (e.g. broken values of unused fields) may be refused here.

// Lone surrogates decode to U+FFFD, as in the C and Java versions; Buffer.from does that.
const utf8 = (text) => Buffer.from(text, 'utf8');

function count(hay, needle) {
  if (needle.length === 0) return 0;
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

// C's "%.3f": the exact binary value of r rounded half-even to 3 decimals. (toFixed rounds
// exact ties up, so it differs on values such as 0.0625.) r = m * 2^e exactly, with BigInt.
function fixed3(r) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, r);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0x7ff) return sign + (fraction ? 'nan' : 'inf');
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e = biased === 0 ? -1074 : biased - 1075;
  let n;
  if (e >= 0) {
    n = (m << BigInt(e)) * 1000n;
  } else {
    const k = BigInt(-e);
    const scaled = m * 1000n;
    n = scaled >> k;
    const rest = scaled & ((1n << k) - 1n);
    const half = 1n << (k - 1n);
    if (rest > half || (rest === half && (n & 1n) === 1n)) n++;
  }
  return sign + (n / 1000n).toString() + '.' + (n % 1000n).toString().padStart(3, '0');
}

/** The result bytes of one event (a Buffer); throws an Error for a payload that is not a valid event. */
function algorithm1(payload) {
  const event = JSON.parse(payload.toString('utf8'));
  if (event === null || typeof event !== 'object' || Array.isArray(event)) throw new Error('not a JSON object');
  const { message, pattern } = event;
  if (typeof message !== 'string' || typeof pattern !== 'string') {
    throw new Error('"message" and "pattern" must be strings');
  }
  const occur = count(utf8(message), utf8(pattern));
  let res = 0.0;
  for (let i = 0; i < occur; i++) res += i % 2 === 0 ? i * i : Math.sqrt(i);
  return Buffer.from(`{"occurrences":${occur},"result":${fixed3(res)}}`, 'ascii');
}

module.exports = { algorithm1, fixed3 };
