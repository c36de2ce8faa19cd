// Loads the wasm module once and records that it is loaded. Entry shims call initSync or init;
// `twilio-webhook/core` re-exports both for hosts that load the module themselves.
import wbgInit, { initSync as wbgInitSync } from './twilio_webhook.js';

/** Whether the wasm instance exists (a live binding read by api.mjs). */
export let ready = false;

/**
 * The host's native SHA-256, when the entry has one (node-hash.cjs): bytes, or a string as
 * UTF-8, -> 32 bytes. A live binding read by api.mjs, which then gives the core the digest
 * instead of the body on the `bodySHA256` path (several times faster than SHA-256 in wasm on a
 * large JSON body, and the body is not copied into wasm memory). Unset: the core hashes.
 */
export let hostSha256;

/** Called by an entry whose runtime has a synchronous native SHA-256 (node:crypto). */
export function useHostSha256(fn) {
  hostSha256 = fn;
}

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
