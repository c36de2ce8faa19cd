// Loads the wasm module once and records that it is loaded. Entry shims call initSync or init;
// `twilio-webhook/core` re-exports both for hosts that load the module themselves.
import wbgInit, { initSync as wbgInitSync } from './twilio_webhook.js';

/** Whether the wasm instance exists (a live binding read by api.mjs). */
export let ready = false;

/**
 * Instantiates the module synchronously from a `WebAssembly.Module` or its bytes.
 * @param {{ module: WebAssembly.Module | BufferSource }} options
 */
export function initSync(options) {
  wbgInitSync(options);
  ready = true;
}

/**
 * Instantiates the module, fetching it when given a URL, Request or Response.
 * @param {{ module_or_path?: unknown }} [options]
 */
export default async function init(options) {
  await wbgInit(options);
  ready = true;
}
