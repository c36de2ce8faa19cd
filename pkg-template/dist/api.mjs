// The public API, shared by every runtime entry. The CommonJS copy (api.cjs) is generated from
// this file at build time (scripts/build-pkg.sh): keep the two import lines and the final
// export list exactly as they are.
//
// Why this file does the argument checks and builds the results: crossing into wasm is cheap
// for a few strings and a number, and expensive property by property (every property name is
// decoded from wasm memory). So values are checked and flattened here, the core answers with a
// number (verify), a flat list of strings (diagnose) or one JSON text (callbacks), and the
// documented shapes are rebuilt here. No rule lives here: decoding, sorting, URL candidates,
// hashing and every verdict are the core's.
import * as raw from './twilio_webhook.js';
import { ready, hostSha256 } from './runtime.mjs';

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

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A string quoted, anything else by its type (String() throws for some objects and symbols). */
function shown(v) {
  return typeof v === 'string' ? JSON.stringify(v) : describe(v);
}

/** JSON text of a value from the caller; one JSON cannot hold (a BigInt, a cycle) is misuse. */
function jsonOf(v, name) {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (e instanceof TypeError) throw typeError('invalid_argument', `expected ${name} to be plain JSON data (${e.message.split('\n')[0]})`);
    throw e;
  }
}

function invalid(name, expected, got) {
  return typeError('invalid_argument', `expected ${name} to be ${expected}, got ${describe(got)}`);
}

function str(v, name) {
  if (typeof v !== 'string') throw invalid(name, 'a string', v);
  return v;
}

function optStr(v, name) {
  return v === undefined || v === null ? undefined : str(v, name);
}

// Modes of the core's positional entry points (src/wasm/mod.rs).
const MODE_POST = 0;
const MODE_GET = 1;
const MODE_PAIRS = 2;
const MODE_FORM_PARAMS = 3;
const MODE_DIGEST = 4;
const AMBIGUOUS = 0xffffffff;
const USAGE = 0xfffffffe;
const NEED_BODY = 0xfffffffd;

/** The core's answer to misuse, `code\nmessage`, as the TypeError it stands for. */
function usage(text) {
  const nl = text.indexOf('\n');
  return typeError(text.slice(0, nl), text.slice(nl + 1));
}

/** A string answer of the core: `U...` (misuse) is thrown, anything else returned. */
function answer(out) {
  if (out[0] === 'U') throw usage(out.slice(1));
  return out;
}

// Encodes every string straight into the core's input buffer (`stage`).
const encoder = new TextEncoder();

/** A body as [text, bytes]: `stage` encodes a string into the input buffer as it goes. */
function bodyOf(body, name) {
  if (typeof body === 'string') return [body, undefined];
  if (body instanceof Uint8Array) return [undefined, body];
  if (body instanceof ArrayBuffer) return [undefined, new Uint8Array(body)];
  if (body === undefined || body === null) return [undefined, undefined];
  throw invalid(name, 'a string, a Uint8Array or an ArrayBuffer', body);
}

function secret(v, name) {
  str(v, name);
  if (v.includes('\0')) throw typeError('invalid_argument', `expected ${name} without NUL characters`);
  return v + '\0';
}

function joinAll(v, name) {
  if (v === undefined || v === null) return ['', 0];
  if (!Array.isArray(v)) throw invalid(name, 'an array of strings', v);
  let s = '';
  for (const t of v) s += secret(t, `${name}[]`);
  return [s, v.length];
}

/**
 * `{ authToken?, authTokens?, sharedKeys? }` as [every secret followed by a NUL, number of auth
 * tokens]: one string crosses into wasm, and the core keeps the last keys it parsed.
 */
function keyList(keys) {
  if (keys === null || typeof keys !== 'object') {
    throw invalid('keys', 'an object { authToken?, authTokens?, sharedKeys? }', keys);
  }
  let joined = keys.authToken === undefined ? '' : secret(keys.authToken, 'keys.authToken');
  let n = keys.authToken === undefined ? 0 : 1;
  const [tokens, count] = joinAll(keys.authTokens, 'keys.authTokens');
  const [shared] = joinAll(keys.sharedKeys, 'keys.sharedKeys');
  joined += tokens + shared;
  n += count;
  return [joined, n];
}

const LIMITS = ['maxBodyBytes', 'maxUrlBytes', 'maxParams', 'maxNameBytes', 'maxValueBytes'];

/**
 * The `limits` option as the core's five numbers (little-endian float64 bytes, staged like any
 * other part), in LIMITS order (NaN: the default), or undefined for every default. Only the
 * types are checked here; the limits are the core's.
 */
function limitsOf(limits, name) {
  if (limits === undefined || limits === null) return undefined;
  if (typeof limits !== 'object' || Array.isArray(limits)) throw invalid(name, `an object { ${LIMITS.join('?, ')}? }`, limits);
  for (const k of Object.keys(limits)) {
    if (!LIMITS.includes(k)) throw typeError('invalid_argument', `expected ${name} to have only ${LIMITS.join(', ')}, got ${JSON.stringify(k)}`);
  }
  // Staged for the core as five little-endian float64s (src/wasm/mod.rs `limits_from`).
  const out = new DataView(new ArrayBuffer(8 * LIMITS.length));
  LIMITS.forEach((k, i) => {
    const v = limits[k];
    if (v !== undefined && v !== null && (typeof v !== 'number' || v < 0 || !(Number.isInteger(v) || v === Infinity))) {
      throw typeError('invalid_argument', `expected ${name}.${k} to be a whole number >= 0 or Infinity, got ${typeof v === 'number' ? v : describe(v)}`);
    }
    out.setFloat64(8 * i, v ?? NaN, true);
  });
  return new Uint8Array(out.buffer);
}

/** Decoded params as `k\0v\0...` and the pair count (the core checks the count). */
function pairsOf(params) {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw invalid('params', 'an object of strings or arrays of strings', params);
  }
  let s = '';
  let n = 0;
  for (const k of Object.keys(params)) {
    const v = params[k];
    if (typeof v === 'string') {
      s += k + '\0' + v + '\0';
      n++;
    } else if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x !== 'string') throw invalid(`params.${k}[]`, 'a string', x);
        s += k + '\0' + x + '\0';
        n++;
      }
    } else {
      throw invalid(`params.${k}`, 'a string or an array of strings', v);
    }
  }
  return [s, n];
}

/** The same params form-encoded: the fallback when a name or value holds a NUL. */
function formOf(params) {
  const enc = (s) => encodeURIComponent(typeof s.toWellFormed === 'function' ? s.toWellFormed() : s);
  const out = [];
  for (const k of Object.keys(params)) {
    for (const v of Array.isArray(params[k]) ? params[k] : [params[k]]) out.push(enc(k) + '=' + enc(v));
  }
  return out.join('&');
}

let tables;
/** The names behind the core's numbers (src/wasm/mod.rs `code_tables`), read once. */
function codeTables() {
  return (tables ??= raw.codeTables().split('\n').slice(0, 5).map((list) => list.split('\0').slice(0, -1)));
}

function decode(n) {
  const [reasons, messages, variants, algorithms, paths] = codeTables();
  const r = n & 15;
  if (r !== 0) return { valid: false, reason: reasons[r - 1], message: messages[r - 1] };
  return {
    valid: true,
    keyIndex: n >>> 16,
    urlVariant: variants[(n >>> 4) & 15],
    algorithm: algorithms[(n >>> 8) & 1],
    path: paths[(n >>> 9) & 3],
  };
}

// Verification crosses into wasm as numbers only: every part is encoded straight into the
// core's input buffer (`encodeInto`, no intermediate copy or allocation), then `verifyInput`
// reads them back in this order.
let memory;
let view = new Uint8Array(0);
/** Strings longer than this (UTF-16 units) are encoded to their exact size before staging. */
const LONG = 1 << 20;

/** Parts totalling at most this many UTF-16 units are encoded with one `encodeInto` (see `stage`). */
const JOINED = 16 * 1024;

/** The lengths `stage` answers: one array for every call (it runs on every verification), so read it before the next `stage`. */
const LENS = new Int32Array(8);

/** Writes `parts` (at most 8; strings as UTF-8, byte arrays as they are, undefined: absent) into the input buffer; answers their lengths (-1: absent) in `LENS`. */
function stage(parts) {
  let cap = 0;
  let onlyStrings = true;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === undefined) continue;
    // A long string is encoded first: its exact size, where encodeInto needs room for the worst
    // case (3 bytes per UTF-16 unit), which would triple the memory a large body takes.
    if (typeof p === 'string' && p.length > LONG) parts[i] = encoder.encode(p);
    if (typeof parts[i] === 'string') {
      cap += p.length * 3;
    } else {
      cap += parts[i].length;
      onlyStrings = false;
    }
  }
  let at = raw.inputBuffer(cap);
  // 0: the module could not allocate that much (its memory is bounded; the instance stays usable).
  if (at === 0) throw new WebhookError('body_too_large', `the request (${cap} bytes) does not fit in the WebAssembly module's memory`);
  memory ??= raw.wasmMemory();
  // A new view only after the memory grew (the old buffer is then detached).
  if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
  const lens = LENS;
  // Short strings only (the usual call): one encodeInto of them all, whose fixed cost is what
  // matters at this size. When every character is ASCII (Twilio's URLs, form bodies, signatures
  // and tokens are), bytes written equal UTF-16 units and each part's length is its string
  // length; otherwise the loop below encodes them again one by one over the same bytes (which
  // the bound keeps cheap: a large body is encoded once, below).
  if (onlyStrings && cap <= JOINED * 3) {
    const all = parts.join('');
    if (encoder.encodeInto(all, view.subarray(at, at + cap)).written === all.length) {
      for (let i = 0; i < parts.length; i++) lens[i] = parts[i] === undefined ? -1 : parts[i].length;
      return lens;
    }
  }
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === undefined) {
      lens[i] = -1;
    } else if (typeof p === 'string') {
      const n = encoder.encodeInto(p, view.subarray(at, at + p.length * 3)).written;
      lens[i] = n;
      at += n;
    } else {
      view.set(p, at);
      lens[i] = p.length;
      at += p.length;
    }
  }
  return lens;
}

/** The core's verification of one request given as parts: `pack`'s number (src/wasm/mod.rs). */
function verifyParts(url, mode, contentType, text, bytes, pairs, signature, settings, keys, n, limits) {
  if (mode === MODE_POST && hostSha256 !== undefined && url.includes('bodySHA256')) {
    // On the bodySHA256 path the body only has to match its SHA-256: the host's native hash
    // gives it (several times faster than SHA-256 in wasm) and the body is not copied into wasm
    // memory, only a bound of its size in bytes (counting them exactly would cost as much as
    // copying). The core answers NEED_BODY when the request takes another path or the bound
    // exceeds the body limit.
    const body = text ?? bytes ?? '';
    const bound = typeof body === 'string' ? body.length * 3 : body.length;
    const r = verifyStaged(url, MODE_DIGEST, contentType, undefined, bound, signature, settings, keys, n, limits, hostSha256(body));
    if (r !== NEED_BODY) return r;
  }
  return verifyStaged(url, mode, contentType, text ?? bytes, pairs, signature, settings, keys, n, limits, undefined);
}

function verifyStaged(url, mode, contentType, body, pairs, signature, settings, keys, n, limits, digest) {
  const L = stage([url, contentType, body, signature, settings, keys, digest, limits]);
  const r = raw.verifyInput(mode, L[0], L[1], L[2], L[3], L[4], L[5], L[6], pairs, n, L[7]);
  if (r === USAGE) throw usage(raw.takeUsageError());
  return r;
}

/** The drop-in verdict for decoded params (NUL-joined, or form-encoded when ambiguous). */
function verifyParams(token, header, url, params) {
  const key = secret(token, 'authToken');
  const [body, n] = pairsOf(params);
  let r = verifyParts(url, MODE_PAIRS, undefined, body, undefined, n, header, undefined, key, 1);
  if (r === AMBIGUOUS) {
    r = verifyParts(url, MODE_FORM_PARAMS, undefined, formOf(params), undefined, 0, header, undefined, key, 1);
  }
  return (r & 15) === 0;
}

function validateRequest(authToken, twilioHeader, url, params) {
  if (!ready) throw notInitialized();
  return verifyParams(authToken, optStr(twilioHeader, 'twilioHeader'), str(url, 'url'), params);
}

function validateRequestWithBody(authToken, twilioHeader, url, body) {
  if (!ready) throw notInitialized();
  const [text, bytes] = bodyOf(body, 'body');
  str(url, 'url');
  const r = verifyParts(url, MODE_POST, 'application/json', text, bytes, 0,
    optStr(twilioHeader, 'twilioHeader'), undefined, secret(authToken, 'authToken'), 1, undefined);
  return (r & 15) === 0;
}

function getExpectedTwilioSignature(authToken, url, params) {
  if (!ready) throw notInitialized();
  str(authToken, 'authToken');
  str(url, 'url');
  const [body, n] = pairsOf(params);
  const expected = (mode, text, pairs) => {
    const [t, u, b] = stage([authToken, url, text]);
    return answer(raw.expectedSignatureInput(mode, t, u, b, pairs));
  };
  const out = expected(MODE_PAIRS, body, n);
  return (out[0] === 'A' ? expected(MODE_FORM_PARAMS, formOf(params), 0) : out).slice(1);
}

function getExpectedBodyHash(body) {
  if (!ready) throw notInitialized();
  const [text, bytes] = bodyOf(body, 'body');
  const [b] = stage([text ?? bytes]);
  return raw.bodyHashInput(b);
}

const PROXY_HEADERS = ['host', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];

/** The proxy headers the diagnosis reads, from a plain object or a fetch `Headers`. */
function proxyOf(headers) {
  if (headers === undefined || headers === null) return PROXY_HEADERS.map(() => '');
  if (typeof headers !== 'object') throw invalid('input.headers', 'an object or a Headers', headers);
  const get = typeof headers.get === 'function'
    ? (n) => headers.get(n)
    : (n) => headers[n] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === n)];
  return PROXY_HEADERS.map((n) => {
    const v = get(n);
    return typeof v === 'string' ? v : '';
  });
}

/**
 * The core's answer `r` (verifyParts) for one request given as parts, decoded, with the diagnosis computed when
 * `hints` is first read. `bytes` is copied for the diagnosis (the caller may reuse its buffer).
 */
function verdict(r, url, mode, contentType, text, bytes, pairs, signature, settings, list, n, headers, limits) {
  const verification = decode(r);
  if (!verification.valid) {
    // Diagnosed when `hints` is first read, on a copy of what may change meanwhile.
    const copy = bytes === undefined ? undefined : bytes.slice();
    const proxy = proxyOf(headers);
    let hints;
    Object.defineProperty(verification, 'hints', {
      enumerable: true,
      configurable: true,
      get() {
        if (hints === undefined) {
          const [u, c, b, s, t, k, p, l] = stage([url, contentType, text ?? copy, signature, settings, list, proxy.join('\0'), limits]);
          const flat = answer(raw.diagnoseInput(mode, u, c, b, s, t, k, p, pairs, n, l)).slice(1).split('\0');
          hints = [];
          for (let i = 0; i + 2 < flat.length; i += 3) {
            hints.push({ code: flat[i], confirmed: flat[i + 1] === '1', message: flat[i + 2] });
          }
        }
        return hints;
      },
    });
  }
  return verification;
}

function verify(input, keys) {
  if (!ready) throw notInitialized();
  if (input === null || typeof input !== 'object') throw invalid('input', 'an object { url, body, signature, ... }', input);
  const url = str(input.url, 'input.url');
  const m = input.method;
  let mode;
  if (m === undefined || m === null || m === 'POST') mode = MODE_POST;
  else if (m === 'GET') mode = MODE_GET;
  else throw typeError('invalid_argument', `expected input.method to be 'POST' or 'GET', got ${shown(m)}`);
  const contentType = optStr(input.contentType, 'input.contentType');
  const [text, bytes] = bodyOf(input.body, 'input.body');
  const signature = optStr(input.signature, 'input.signature');
  const settings = optStr(input.signatureSettings, 'input.signatureSettings');
  const [list, n] = keyList(keys);
  const limits = limitsOf(keys.limits, 'keys.limits');
  const r = verifyParts(url, mode, contentType, text, bytes, 0, signature, settings, list, n, limits);
  return verdict(r, url, mode, contentType, text, bytes, 0, signature, settings, list, n, input.headers, limits);
}

/**
 * `verify` for decoded form parameters (the drop-in path of `validateRequest`, for frameworks
 * that parsed the body already), with every key and the diagnosis.
 */
function verifyParsed(url, params, signature, settings, keys, headers) {
  const [list, n] = keyList(keys);
  const limits = limitsOf(keys.limits, 'keys.limits');
  const [body, pairs] = pairsOf(params);
  const r = verifyParts(url, MODE_PAIRS, undefined, body, undefined, pairs, signature, settings, list, n, limits);
  if (r !== AMBIGUOUS) return verdict(r, url, MODE_PAIRS, undefined, body, undefined, pairs, signature, settings, list, n, headers, limits);
  const form = formOf(params);
  const f = verifyParts(url, MODE_FORM_PARAMS, undefined, form, undefined, 0, signature, settings, list, n, limits);
  return verdict(f, url, MODE_FORM_PARAMS, undefined, form, undefined, 0, signature, settings, list, n, headers, limits);
}

function signingString(input, options) {
  if (!ready) throw notInitialized();
  if (input === null || typeof input !== 'object') throw invalid('input', 'an object { url, body, ... }', input);
  const url = str(input.url, 'input.url');
  const m = input.method;
  let mode;
  if (m === undefined || m === null || m === 'POST') mode = MODE_POST;
  else if (m === 'GET') mode = MODE_GET;
  else throw typeError('invalid_argument', `expected input.method to be 'POST' or 'GET', got ${shown(m)}`);
  const [text, bytes] = bodyOf(input.body, 'input.body');
  const limits = limitsOf(options?.limits, 'options.limits');
  const [u, c, b, l] = stage([url, optStr(input.contentType, 'input.contentType'), text ?? bytes, limits]);
  const out = answer(raw.signingStringInput(mode, u, c, b, l));
  if (out[0] === 'O') return out.slice(1);
  // Over a limit: the reason's code and message.
  const [reasons, messages] = codeTables();
  const code = out.slice(1);
  throw new WebhookError(code, messages[reasons.indexOf(code)] ?? code);
}

function parsed(out) {
  const value = JSON.parse(out.slice(1));
  if (out[0] === 'O') return value;
  throw new WebhookError(value.code, value.message, { field: value.field });
}

function parseCallback(body, options) {
  if (!ready) throw notInitialized();
  let text;
  let bytes;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (typeof URLSearchParams === 'function' && body instanceof URLSearchParams) text = body.toString();
  else if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    pairsOf(body); // type checks
    text = formOf(body);
  } else {
    throw invalid('body', 'a string, a Uint8Array, URLSearchParams or an object of strings', body);
  }
  const lenient = options !== undefined && options !== null && options.lenient === true;
  const limits = limitsOf(options?.limits, 'options.limits');
  const [b, l] = stage([text ?? bytes, limits]);
  return parsed(raw.parseCallbackInput(b, lenient, l));
}

async function verifyRequest(request, keys) {
  if (!ready) throw notInitialized();
  if (request === null || typeof request !== 'object' || typeof request.arrayBuffer !== 'function' ||
      request.headers === null || typeof request.headers !== 'object' || typeof request.headers.get !== 'function') {
    throw invalid('request', 'a fetch Request', request);
  }
  if (keys === null || typeof keys !== 'object') throw invalid('keys', 'an object', keys);
  limitsOf(keys.limits, 'keys.limits'); // misuse throws before the body is read
  const h = request.headers;
  const m = request.method ?? 'POST';
  if (typeof m !== 'string') throw invalid('request.method', 'a string', m);
  const method = m.toUpperCase();
  const url = keys.url ?? request.url;
  // The raw bytes, read once: `text()` would drop a leading BOM and change the body hash.
  const body = new Uint8Array(await request.arrayBuffer());
  const get = method === 'GET' || method === 'HEAD';
  const verification = verify({
    url,
    method: get ? 'GET' : 'POST',
    contentType: h.get('content-type'),
    body,
    signature: h.get('x-twilio-signature'),
    signatureSettings: h.get('x-twilio-webhooks-signature-settings'),
    headers: h,
  }, keys);
  return webhookOf(verification, get, url, body, keys.limits);
}

/**
 * `{ verification, callback? | callbackError? }`: the callback of a valid request, parsed from
 * `body` (POST; a string, bytes or decoded params) or from the URL's query (GET).
 */
function webhookOf(verification, get, url, body, limits) {
  if (!verification.valid || verification.path === 'body-hash') return { verification };
  let source = body;
  if (get) {
    const q = url.indexOf('?');
    const end = url.indexOf('#', q + 1);
    source = q < 0 ? '' : url.slice(q + 1, end < 0 ? undefined : end);
  }
  // A signed request that is not a Voice callback (or is malformed) is reported, not thrown.
  try {
    return { verification, callback: parseCallback(source, { limits }) };
  } catch (e) {
    if (e instanceof WebhookError) return { verification, callbackError: e };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Integrations: HTTP glue only. Every verdict comes from verify / verifyRequest above.

/** TWILIO_AUTH_TOKEN from `process.env` where there is one (Node, Bun); never throws (Deno). */
function envToken() {
  try {
    const v = globalThis.process?.env?.TWILIO_AUTH_TOKEN;
    return typeof v === 'string' && v !== '' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The `Keys` of integration options (`authToken` defaults to TWILIO_AUTH_TOKEN); undefined when none. */
function keysOfOptions(o) {
  const authToken = o.authToken ?? envToken();
  const keys = {};
  if (authToken !== undefined) keys.authToken = authToken;
  if (o.authTokens !== undefined) keys.authTokens = o.authTokens;
  if (o.sharedKeys !== undefined) keys.sharedKeys = o.sharedKeys;
  if (o.limits !== undefined) keys.limits = o.limits;
  const some = authToken !== undefined || (Array.isArray(o.authTokens) && o.authTokens.length > 0) ||
    (Array.isArray(o.sharedKeys) && o.sharedKeys.length > 0);
  return some ? keys : undefined;
}

const MISSING_SIGNATURE = 'No signature header error - X-Twilio-Signature header does not exist, maybe this request is not coming from Twilio.';
const NO_TOKEN = 'Webhook Error - we attempted to validate this request without first configuring our auth token.';
const noTokenLog = '[twilio-webhook] no auth token: pass { authToken } (or authTokens / sharedKeys), or set TWILIO_AUTH_TOKEN';
const rejected = (v) => `Twilio Request Validation Failed: ${v.reason}`;
/** The HTTP status of a rejection: 413 / 414 for a body / URL over its limit, else 403. */
const rejectedStatus = (v) => (v.reason === 'body_too_large' ? 413 : v.reason === 'url_too_long' ? 414 : 403);

function webhookOptions(args) {
  const o = {};
  for (const a of args) {
    if (typeof a === 'string') o.authToken = a;
    else if (a !== undefined && a !== null && typeof a === 'object') Object.assign(o, a);
    else if (a !== undefined && a !== null) throw invalid('options', 'an object or an auth token string', a);
  }
  return o;
}

/** The first value of a (possibly repeated, possibly comma-joined) Node header. */
function firstHeader(headers, name) {
  let v = headers[name];
  if (Array.isArray(v)) v = v[0];
  if (typeof v !== 'string') return undefined;
  const first = v.split(',')[0].trim();
  return first === '' ? undefined : first;
}

/** A Node header as received (the first one when repeated); undefined when absent or empty. */
function rawHeader(headers, name) {
  let v = headers[name];
  if (Array.isArray(v)) v = v[0];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The URL Twilio requested, as twilio-node's webhook() rebuilds it (plus the opt-in proxy headers). */
function nodeUrl(req, o) {
  if (typeof o.url === 'function') return o.url(req);
  if (o.url !== undefined) return o.url;
  const h = req.headers;
  let protocol = o.protocol ?? (o.trustProxy === true ? firstHeader(h, 'x-forwarded-proto') : undefined) ??
    req.protocol ?? (req.socket && req.socket.encrypted ? 'https' : 'http');
  protocol = String(protocol).replace(/:$/, '');
  const host = o.host ?? (o.trustProxy === true ? firstHeader(h, 'x-forwarded-host') : undefined) ?? firstHeader(h, 'host') ?? '';
  return `${protocol}://${host}${req.originalUrl ?? req.url ?? '/'}`;
}

/** Answers with a plain text body through Node's `http.ServerResponse` API (Express and Connect). */
function replyText(res, status, text) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(text);
}

function webhook(...args) {
  const o = webhookOptions(args);
  limitsOf(o.limits, 'options.limits'); // misuse throws here, not per request
  return function twilioWebhook(req, res, next) {
    if (o.validate === false) return next();
    let signature;
    try {
      signature = rawHeader(req.headers, 'x-twilio-signature');
      if (signature === undefined) return replyText(res, 400, MISSING_SIGNATURE);
      const keys = keysOfOptions(o);
      if (keys === undefined) {
        console.error(noTokenLog);
        return replyText(res, 500, NO_TOKEN);
      }
      const method = String(req.method ?? 'POST').toUpperCase();
      const get = method === 'GET' || method === 'HEAD';
      const url = nodeUrl(req, o);
      const h = req.headers;
      const settings = rawHeader(h, 'x-twilio-webhooks-signature-settings');
      let rawBody = req.rawBody;
      if (rawBody === undefined && req.body instanceof Uint8Array) rawBody = req.body;
      let result;
      if (get || rawBody instanceof Uint8Array || typeof rawBody === 'string') {
        const body = get ? undefined : rawBody;
        const contentType = typeof h['content-type'] === 'string' ? h['content-type'] : undefined;
        const verification = verify({ url, method: get ? 'GET' : 'POST', contentType, body, signature, signatureSettings: settings, headers: h }, keys);
        result = webhookOf(verification, get, url, body, o.limits);
      } else {
        // Parsed by express.urlencoded() (or nothing: twilio-node's `req.body || {}`).
        const params = req.body === undefined || req.body === null ? {} : req.body;
        if (!ready) throw notInitialized();
        try {
          pairsOf(params);
        } catch (e) {
          throw typeError('invalid_argument', 'twilio-webhook: req.body is not form parameters (a parsed JSON ' +
            'body?): keep the raw bytes, with express.raw({ type: \'application/json\' }) or ' +
            'express.json({ verify: (req, res, buf) => { req.rawBody = buf; } }) (' + e.message + ')');
        }
        result = webhookOf(verifyParsed(str(url, 'url'), params, signature, settings, keys, h), false, url, params, o.limits);
      }
      if (!result.verification.valid) {
        if (typeof o.onInvalid === 'function') o.onInvalid(result.verification, req);
        return replyText(res, rejectedStatus(result.verification), rejected(result.verification));
      }
      req.twilio = result;
    } catch (e) {
      return next(e);
    }
    return next();
  };
}

function replyResponse(status, text) {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function withTwilioWebhook(handler, options) {
  if (typeof handler !== 'function') throw invalid('handler', 'a function (request, webhook, ...rest)', handler);
  if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
    throw invalid('options', 'an object or a function (request, ...rest) returning one', options);
  }
  return async function twilioWebhookHandler(request, ...rest) {
    if (request === null || typeof request !== 'object' || request.headers === null ||
        typeof request.headers !== 'object' || typeof request.headers.get !== 'function') {
      throw invalid('request', 'a fetch Request', request);
    }
    const o = (typeof options === 'function' ? await options(request, ...rest) : options) ?? {};
    if (!request.headers.get('x-twilio-signature')) return replyResponse(400, MISSING_SIGNATURE);
    const keys = keysOfOptions(o);
    if (keys === undefined) {
      console.error(noTokenLog);
      return replyResponse(500, NO_TOKEN);
    }
    if (typeof o.url === 'function') keys.url = await o.url(request, ...rest);
    else if (o.url !== undefined) keys.url = o.url;
    // A clone: the handler can still read the body (a JSON body, for example).
    const result = await verifyRequest(typeof request.clone === 'function' ? request.clone() : request, keys);
    if (!result.verification.valid) {
      if (typeof o.onInvalid === 'function') await o.onInvalid(result.verification, request);
      return replyResponse(rejectedStatus(result.verification), rejected(result.verification));
    }
    return handler(request, result, ...rest);
  };
}

// ---------------------------------------------------------------------------------------------
// Call lifecycle (spec/callbacks.md §5, §6, §8). The classes hold their state as JSON text:
// nothing lives in wasm memory between calls, so a server can create one per request and has
// nothing to free. Each apply() is one call of the core's pure `lifecycleApply` (state in,
// event in, new state and view out); every rule is the core's.

/** One call of the core's lifecycle (src/wasm/lifecycle.rs `lifecycle_input`). */
function lifecycleApply(kind, state, body, json, options) {
  const [k, s, b, j, o] = stage([kind, state, body, json, options]);
  return raw.lifecycleInput(k, s, b, j, o);
}

function lifecycleOut(out) {
  if (out[0] === 'E') {
    const e = JSON.parse(out.slice(1));
    if (e.code === 'invalid_argument') throw typeError(e.code, e.message);
    throw new WebhookError(e.code, e.message, { field: e.field });
  }
  const nl = out.indexOf('\n');
  return [out.slice(1, nl), JSON.parse(out.slice(nl + 1))];
}

/** Stored state (an object from toJSON(), or its JSON text) as JSON text. */
function stateText(state) {
  if (state === undefined || state === null) return undefined;
  if (typeof state === 'string') return state;
  if (typeof state !== 'object' || Array.isArray(state)) throw invalid('state', 'a state object (from toJSON())', state);
  return jsonOf(state, 'state');
}

function optionsText(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') throw invalid('options', 'an object { droppedBelowSeconds? }', options);
  const d = options.droppedBelowSeconds;
  if (d === undefined || d === null) return undefined;
  if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw invalid('options.droppedBelowSeconds', 'a whole number of seconds', d);
  return `{"droppedBelowSeconds":${d}}`;
}

/** An event as [body text, body bytes, callback JSON]. */
function eventOf(event) {
  if (typeof event === 'string') return [event, undefined, undefined];
  if (event instanceof Uint8Array) return [undefined, event, undefined];
  if (event instanceof ArrayBuffer) return [undefined, new Uint8Array(event), undefined];
  if (typeof URLSearchParams === 'function' && event instanceof URLSearchParams) return [event.toString(), undefined, undefined];
  if (event !== null && typeof event === 'object' && typeof event.kind === 'string') return [undefined, undefined, jsonOf(event, 'event')];
  throw invalid('event', 'a parsed callback, a form body (string or Uint8Array) or URLSearchParams', event);
}

function canTransition(from, to) {
  if (!ready) throw notInitialized();
  if (from !== null && from !== undefined) str(from, 'from');
  str(to, 'to');
  const can = (f) => {
    const [a, b] = stage([f ?? undefined, to]);
    return raw.canTransitionInput(a, b);
  };
  const r = can(from);
  if (r === 2) {
    const [name, got] = can(undefined) === 2 ? ['to', to] : ['from', from];
    throw typeError('invalid_argument', `expected ${name} to be a call status (queued, initiated, ringing, ` +
      `in-progress, completed, busy, no-answer, failed, canceled), got ${JSON.stringify(got)}`);
  }
  return r === 1;
}

/** Shared by CallTracker ('leg') and CallTree ('tree'): the state text and the last view. */
class LifecycleState {
  constructor(kind, state, options) {
    if (!ready) throw notInitialized();
    this.kind = kind;
    this.state = stateText(state);
    this.options = optionsText(options);
    this.view = undefined;
  }

  apply(event) {
    if (!ready) throw notInitialized();
    const [text, bytes, json] = eventOf(event);
    [this.state, this.view] = lifecycleOut(lifecycleApply(this.kind, this.state, text ?? bytes, json, this.options));
    return this.view.applied;
  }

  current() {
    if (this.view === undefined) {
      if (!ready) throw notInitialized();
      [this.state, this.view] = lifecycleOut(lifecycleApply(this.kind, this.state, undefined, undefined, this.options));
    }
    return this.view;
  }

  json() {
    this.current();
    return JSON.parse(this.state);
  }
}

const CURRENT = Symbol('current');

/** What a leg and a call share: apply, outcome, toJSON; the state lives in `#s`. */
class Lifecycle {
  #s;
  constructor(kind, state, options) {
    this.#s = new LifecycleState(kind, state, options);
  }
  /** The state right now (for the subclasses' getters; not part of the API). */
  get [CURRENT]() {
    return this.#s.current();
  }
  apply(event) {
    return this.#s.apply(event);
  }
  get outcome() {
    return this[CURRENT].outcome;
  }
  toJSON() {
    return this.#s.json();
  }
}

class CallTracker extends Lifecycle {
  constructor(state, options) {
    super('leg', state, options);
  }
  get status() {
    return this[CURRENT].status;
  }
}

class CallTree extends Lifecycle {
  constructor(state, options) {
    super('tree', state, options);
  }
  get root() {
    return this[CURRENT].root;
  }
  get legs() {
    return this[CURRENT].legs;
  }
}

export {
  validateRequest,
  validateRequestWithBody,
  getExpectedTwilioSignature,
  getExpectedBodyHash,
  signingString,
  verify,
  verifyRequest,
  parseCallback,
  WebhookError,
  canTransition, CallTracker, CallTree,
  webhook, withTwilioWebhook,
};
