// The public API, shared by every runtime entry. The CommonJS copy (api.cjs) is generated from
// this file at build time (scripts/build-pkg.sh): keep the two import lines and the final
// export list exactly as they are.
import * as raw from './twilio_webhook.js';
import { ready } from './runtime.mjs';

/** An error of this library that is not a misuse `TypeError`: it has a stable `code`. */
class WebhookError extends Error {
  /**
   * @param {string} code stable snake_case code
   * @param {string} message
   * @param {{ field?: string, cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'WebhookError';
    this.code = code;
    if (options && options.field !== undefined) this.field = options.field;
  }
}

function notInitialized() {
  return new WebhookError(
    'not_initialized',
    'twilio-webhook: the WebAssembly module is not initialised: call `await init()` (or ' +
      '`initSync({ module })`) from "twilio-webhook/core" first, or import "twilio-webhook", ' +
      'which initialises it for you',
  );
}

function typeError(code, message) {
  const e = new TypeError(message);
  e.code = code;
  return e;
}

function validateRequest(authToken, twilioHeader, url, params) {
  if (!ready) throw notInitialized();
  return raw.validateRequest(authToken, twilioHeader, url, params);
}

function validateRequestWithBody(authToken, twilioHeader, url, body) {
  if (!ready) throw notInitialized();
  return raw.validateRequestWithBody(authToken, twilioHeader, url, body);
}

function getExpectedTwilioSignature(authToken, url, params) {
  if (!ready) throw notInitialized();
  return raw.getExpectedTwilioSignature(authToken, url, params);
}

function getExpectedBodyHash(body) {
  if (!ready) throw notInitialized();
  return raw.getExpectedBodyHash(body);
}

// The diagnosis runs later, when `hints` is first read, so it works on a copy of what can change
// meanwhile (a reused body buffer, a mutated options object).
function snapshot(input, keys) {
  const body = input.body instanceof Uint8Array ? input.body.slice() : input.body;
  const headers = input.headers == null ? input.headers : { ...input.headers };
  return [
    {
      url: input.url,
      method: input.method,
      contentType: input.contentType,
      body,
      signature: input.signature,
      signatureSettings: input.signatureSettings,
      headers,
    },
    {
      authToken: keys.authToken,
      authTokens: Array.isArray(keys.authTokens) ? keys.authTokens.slice() : keys.authTokens,
      sharedKeys: Array.isArray(keys.sharedKeys) ? keys.sharedKeys.slice() : keys.sharedKeys,
    },
  ];
}

function verify(input, keys) {
  if (!ready) throw notInitialized();
  const verification = raw.verify(input, keys);
  if (verification.valid === false) {
    const [i, k] = snapshot(input, keys);
    let hints;
    Object.defineProperty(verification, 'hints', {
      enumerable: true,
      configurable: true,
      get() {
        if (hints === undefined) hints = raw.diagnose(i, k);
        return hints;
      },
    });
  }
  return verification;
}

const PROXY_HEADERS = ['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];
// Read through a variable so that bundlers do not warn while the core lacks the export.
const PARSE_CALLBACK = 'parseCallback';

async function verifyRequest(request, keys) {
  if (!ready) throw notInitialized();
  if (request === null || typeof request !== 'object' || typeof request.arrayBuffer !== 'function' ||
      request.headers === null || typeof request.headers !== 'object' || typeof request.headers.get !== 'function') {
    throw typeError('invalid_argument', 'expected request to be a fetch Request, got ' +
      (request === null ? 'null' : typeof request));
  }
  if (keys === null || typeof keys !== 'object') {
    throw typeError('invalid_argument', 'expected keys to be an object, got ' + (keys === null ? 'null' : typeof keys));
  }
  const h = request.headers;
  const headers = {};
  for (const name of PROXY_HEADERS) {
    const value = h.get(name);
    if (value !== null) headers[name] = value;
  }
  const method = String(request.method).toUpperCase();
  const url = keys.url ?? request.url;
  // The raw bytes, read once: `text()` would drop a leading BOM and change the body hash.
  const body = new Uint8Array(await request.arrayBuffer());
  const input = {
    url,
    method: method === 'GET' || method === 'HEAD' ? 'GET' : 'POST',
    contentType: h.get('content-type'),
    body,
    signature: h.get('x-twilio-signature'),
    signatureSettings: h.get('x-twilio-webhooks-signature-settings'),
    headers,
  };
  const verification = verify(input, {
    authToken: keys.authToken,
    authTokens: keys.authTokens,
    sharedKeys: keys.sharedKeys,
  });
  const parse = raw[PARSE_CALLBACK];
  if (!verification.valid || typeof parse !== 'function' || verification.path === 'body-hash') {
    return { verification };
  }
  let source = body;
  if (input.method === 'GET') {
    const q = url.indexOf('?');
    const end = url.indexOf('#', q + 1);
    source = q < 0 ? '' : url.slice(q + 1, end < 0 ? undefined : end);
  }
  let callback;
  try {
    callback = parse(source);
  } catch (e) {
    // A malformed callback is a WebhookError with the core's code and field.
    if (e instanceof WebhookError || e instanceof TypeError || typeof e?.code !== 'string') throw e;
    throw new WebhookError(e.code, e.message, { field: e.field, cause: e });
  }
  return { verification, callback };
}

export {
  validateRequest,
  validateRequestWithBody,
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  verify,
  verifyRequest,
  WebhookError,
};
