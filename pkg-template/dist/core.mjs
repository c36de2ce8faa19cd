// `twilio-webhook/core`: the same API without automatic initialisation, for hosts that load the
// wasm themselves. Every function throws a WebhookError with code `not_initialized` until
// `await init(...)` or `initSync({ module })` has run.
export { default, initSync } from './runtime.mjs';
export * from './api.mjs';
