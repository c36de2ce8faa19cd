// Deno: a source-phase import gives the compiled WebAssembly.Module, with no permission needed.
import source wasmModule from './twilio_webhook_bg.wasm';
import { initSync } from './runtime.mjs';

initSync({ module: wasmModule });

export * from './api.mjs';
