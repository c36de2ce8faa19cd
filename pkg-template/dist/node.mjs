// Node (and Bun) ESM entry: reads the wasm next to this file, instantiates it synchronously.
import { readFileSync } from 'node:fs';
import { initSync } from './runtime.mjs';

initSync({ module: readFileSync(new URL('./twilio_webhook_bg.wasm', import.meta.url)) });

export * from './api.mjs';
