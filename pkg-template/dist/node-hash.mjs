// The native SHA-256 of node:crypto for the Node, Bun and Deno ESM entries: see `hostSha256` in
// runtime.mjs (node-hash.cjs is the same for CommonJS).
import { createHash } from 'node:crypto';

/** The SHA-256 (32 bytes) of bytes, or of a string as UTF-8. */
export default (body) => createHash('sha256').update(body).digest();
