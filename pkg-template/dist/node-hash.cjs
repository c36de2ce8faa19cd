'use strict';
// node-hash.mjs for the CommonJS API (api.cjs): see `hostSha256` in runtime.mjs.
const { createHash } = require('node:crypto');

module.exports = (body) => createHash('sha256').update(body).digest();
