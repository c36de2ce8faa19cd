'use strict';
// The native SHA-256 of node:crypto (see `hostSha256` in runtime.mjs), for the Node, Bun and Deno
// entries: required by the CommonJS API (api.cjs), imported by node.mjs and deno.mjs.
const crypto = require('node:crypto');

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const slow = (body) => crypto.createHash('sha256').update(body).digest();
const oneShot = (body) => crypto.hash('sha256', body, 'buffer');
// crypto.hash (Node >= 20.12, Bun, Deno) skips the Hash object createHash builds: ~1 µs less per
// 1 KB body. Used only when it answers bytes, checked once.
const works = () => {
  try {
    return Array.from(oneShot(''), (b) => b.toString(16).padStart(2, '0')).join('') === EMPTY;
  } catch {
    return false;
  }
};

/** The SHA-256 (32 bytes) of bytes, or of a string as UTF-8. */
module.exports = typeof crypto.hash === 'function' && works() ? oneShot : slow;
