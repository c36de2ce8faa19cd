// Browsers (and the `default` condition): fetches and instantiates the wasm (top-level await).
import init from './runtime.mjs';

await init({ module_or_path: new URL('./twilio_webhook_bg.wasm', import.meta.url) });

export * from './api.mjs';
