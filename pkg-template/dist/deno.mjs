// Deno: a source-phase import gives the compiled WebAssembly.Module, with no permission needed.
import source wasmModule from './twilio_webhook_bg.wasm';
import nodeSha256 from './node-hash.cjs';
import { initSync, useHostSha256 } from './runtime.mjs';

initSync({ module: wasmModule });
// Deno's node:crypto needs no permission; its SHA-256 is native.
useHostSha256(nodeSha256);

export * from './api.mjs';
