'use strict';
// KAT runner for CommonJS (Node, Bun): require() resolves the package's `require` condition.
const pkg = require('twilio-webhook');
const vectors = require('./vectors.json');

import('./kat.mjs').then(async ({ runKat }) => {
  const result = await runKat(pkg, vectors);
  result.entry = require.resolve('twilio-webhook');
  console.log(JSON.stringify(result));
});
