// KAT runner for ESM runtimes (Node, Bun, Deno): imports the installed package by name, so each
// runtime picks its own `exports` condition. Needs no permission in Deno (module imports only).
import * as pkg from 'twilio-webhook';
// The package's own wasm-bindgen glue (same file, so the same instance): its initSync() answers
// the live instance's exports, whose memory the host-digest probe watches.
import * as glue from './node_modules/twilio-webhook/dist/twilio_webhook.js';
import { runKat } from './kat.mjs';
import vectors from './vectors.json' with { type: 'json' };

/**
 * These runtimes hash a bodySHA256 body natively (node:crypto) and give the core its digest, so
 * the body never enters wasm memory: a 32 MB JSON body (limit raised) verifies and the memory
 * does not grow by its size (staged, it would: the memory starts far smaller).
 */
async function hostDigestProbe() {
  const memory = glue.initSync().memory;
  const body = JSON.stringify({ event: 'probe', pad: 'x'.repeat(32 << 20) });
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  const url = `https://example.com/twilio/events?bodySHA256=${hex}`;
  const token = 'host-digest-probe-token';
  const signature = pkg.getExpectedTwilioSignature(token, url, {});
  const before = memory.buffer.byteLength;
  const v = pkg.verify({ url, contentType: 'application/json', body, signature }, { authToken: token, limits: { maxBodyBytes: 128 << 20 } });
  return { valid: v.valid, path: v.path, bodyBytes: body.length, before, after: memory.buffer.byteLength };
}

const result = await runKat(pkg, vectors);
result.entry = import.meta.resolve('twilio-webhook');
result.hostDigest = await hostDigestProbe();
console.log(JSON.stringify(result));
