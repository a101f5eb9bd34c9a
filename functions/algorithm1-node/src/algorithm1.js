#!/usr/bin/env node
'use strict';
// FSPAWN, one process per event: the event on stdin, the result on stdout, exit status 0.
// On a malformed event: a message on stderr and exit status 2.
const fs = require('fs');
const { algorithm1 } = require('./algorithm1-core.js');

let result;
try {
  result = algorithm1(fs.readFileSync(0));
} catch (e) {
  process.stderr.write(`algorithm1: malformed input: ${e.message}\n`);
  process.exit(2);
}
fs.writeSync(1, result);
