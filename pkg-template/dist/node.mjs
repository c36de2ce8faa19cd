// Node (and Bun) ESM entry: reads the wasm next to this file, instantiates it synchronously.
import { readFileSync } from 'node:fs';
import nodeSha256 from './node-hash.cjs';
import { initSync, useHostSha256 } from './runtime.mjs';

initSync({ module: readFileSync(new URL('./twilio_webhook_bg.wasm', import.meta.url)) });
useHostSha256(nodeSha256);

export * from './api.mjs';
