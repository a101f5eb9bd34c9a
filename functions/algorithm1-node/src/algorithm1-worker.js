#!/usr/bin/env node
'use strict';
// FSPAWN persistent worker (mode = "warm"): serves events over the persistent-worker protocol
// (invoker/README.md): READY once, then per event u32 big-endian length + payload in, and
// u8 status (0 ok, 1 error) + u32 big-endian length + bytes out. End of stdin: exit 0.
const fs = require('fs');
const { algorithm1 } = require('./algorithm1-core.js');

const STATUS_OK = 0, STATUS_ERROR = 1, STATUS_READY = 2;

function respond(status, body) {
  const header = Buffer.alloc(5);
  header.writeUInt8(status, 0);
  header.writeUInt32BE(body.length, 1);
  const frame = Buffer.concat([header, body]);
  for (let off = 0; off < frame.length;) off += fs.writeSync(1, frame, off);
}

// Synchronous reads keep one event at a time in flight, as the protocol wants.
function readExactly(n) {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    let r;
    try {
      r = fs.readSync(0, buf, got, n - got, null);
    } catch (e) {
      if (e.code === 'EAGAIN') continue;
      if (e.code === 'EOF') r = 0; else throw e;
    }
    if (r === 0) return got === 0 ? null : undefined;
    got += r;
  }
  return buf;
}

respond(STATUS_READY, Buffer.alloc(0));
for (;;) {
  const header = readExactly(4);
  if (header === null) process.exit(0);
  if (header === undefined) process.exit(2);
  const length = header.readUInt32BE(0);
  const payload = length === 0 ? Buffer.alloc(0) : readExactly(length);
  if (!payload) process.exit(2);
  try {
    respond(STATUS_OK, algorithm1(payload));
  } catch (e) {
    respond(STATUS_ERROR, Buffer.from(`malformed input: ${e.message}`, 'utf8'));
  }
}
