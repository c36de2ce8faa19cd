// `twilio-webhook/core`: the same API, initialised by the caller. Needs the DOM lib or
// @types/node for the WebAssembly, Response and URL types.
export * from './index.js';

/** What {@link init} can load the module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Instantiates the module synchronously (Workers: `import m from 'twilio-webhook/twilio_webhook_bg.wasm'`). */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void;

/** Instantiates the module; fetches it when given a URL (default: next to this file). */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<void>;
