'use strict';
// node-hash.mjs for the CommonJS API (api.cjs): see `hostSha256` in runtime.mjs.
const crypto = require('node:crypto');

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const slow = (body) => crypto.createHash('sha256').update(body).digest();
const oneShot = (body) => crypto.hash('sha256', body, 'buffer');
// crypto.hash (Node >= 20.12) skips the Hash object createHash builds; used when it answers bytes.
const works = () => {
  try {
    return Array.from(oneShot(''), (b) => b.toString(16).padStart(2, '0')).join('') === EMPTY;
  } catch {
    return false;
  }
};

module.exports = typeof crypto.hash === 'function' && works() ? oneShot : slow;
