// Node (and Bun) ESM entry: reads the wasm next to this file, instantiates it synchronously.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { initSync, useHostSha256 } from './runtime.mjs';

initSync({ module: readFileSync(new URL('./twilio_webhook_bg.wasm', import.meta.url)) });
useHostSha256((body) => createHash('sha256').update(body).digest());

export * from './api.mjs';
