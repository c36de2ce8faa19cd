// Cloudflare Workers (workerd, wrangler): a .wasm import is a compiled WebAssembly.Module.
import wasmModule from './twilio_webhook_bg.wasm';
import { initSync } from './runtime.mjs';

initSync({ module: wasmModule });

export * from './api.mjs';
