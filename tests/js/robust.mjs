// The robustness suite, runner-agnostic (plain ECMAScript plus TextEncoder, URLSearchParams and,
// for verifyRequest, the fetch Request class): tests/js/robust.test.mjs runs it in Node from the
// installed tarball, and the soak worker (tests/js/runners/soak-worker.mjs) runs a smaller portion
// of it in workerd.
//
//   const report = await runRobust(pkg, data, { seed, cases });
//
// `pkg` is the loaded `twilio-webhook` module; `data` is { vectors, callbacks, lifecycles }: the
// signature vectors (tests/vectors/signature), the raw callback fixtures (tests/vectors/callbacks)
// and the lifecycle event bodies (tests/vectors/lifecycles). For every public function, `cases`
// seeded cases: real inputs mutated (byte flips, truncation, duplication, huge repeats, invalid
// UTF-8, percent-garbage, delimiters), hostile URLs, signatures, settings headers, content types,
// keys and `limits` options, and arguments of the wrong type (null, numbers, BigInt, symbols, objects, cyclic
// objects, functions, typed arrays...). Every call must return, or throw a TypeError with a
// string `code`, or throw a WebhookError with a string `code`; anything else (a WebAssembly
// RuntimeError, a TypeError without a code, a RangeError...) is a failure, reported with the seed,
// the function, the case number and a summary of the arguments. Results are checked for their
// documented shape, and a restored tracker must equal the one it was saved from. At the end a
// known-good vector must still verify.
//
// Case `i` of function `f` depends only on (seed, f, i): rerun with the same seed and a count
// above `i` to reproduce it.

import { prng } from './soak-calls.mjs';

const FORM = 'application/x-www-form-urlencoded';
const utf8 = new TextEncoder();
const lossy = new TextDecoder();

/** A few helpers around a seeded PRNG. */
function gen(seed) {
  const rng = prng(seed);
  const g = {
    rng,
    int: (n) => Math.floor(rng() * n),
    chance: (p) => rng() < p,
    pick: (a) => a[Math.floor(rng() * a.length)],
  };
  return g;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const HOSTILE = [
  '', ' ', '\0', 'a\0b', '\r\n', '\t', '\x7f', '\uD800', '\uDFFF\uD800', '\uFEFF', 'é', '💥', 'ÿ', '\u202E',
  '%', '%%', '%zz', '%E2%82', '%FF%FE', '%00', '&', '=', '&=&=', '+', '?', '#', '\\', '"', "'", '<script>',
  'null', 'undefined', '__proto__', 'constructor', 'toString', 'a'.repeat(1000),
];

const URLS = [
  '', ' ', 'hooks.example.com/voice', '//hooks.example.com/voice', '/voice', 'voice', 'http:', 'https://',
  'https:///x', 'http:/x', 'https:example.com', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)//https://x',
  'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://example.com/x', 'ws://example.com/', 'mailto:a@b.c',
  'about:blank', 'blob:https://example.com/0', 'https://[::1]/voice', 'https://[::1]:8443/voice?x=1',
  'http://[fe80::1%25eth0]/x', 'https://[::1', 'https://[:::]/', 'https://[2001:db8::1]:0/x', 'http://127.0.0.1:0/',
  'https://example.com:0/x', 'https://example.com:99999/x', 'https://example.com:65536/', 'https://example.com:-1/',
  'https://example.com:443abc/', 'https://example.com:/x', 'https://example.com::443/', 'https://bücher.example/ü?ä=ö',
  'https://xn--bcher-kva.example/', 'https://💥.example/💥?💥=💥', 'https://exa\0mple.com/', 'https://example.com/\r\nX-Injected: 1',
  'https://example.com/\t/x', 'https://example.com/%00', 'https://example.com/%zz?%', 'https://example.com/?a=%E2%82',
  'https://u:p@example.com/x', 'https://@example.com/', 'https://example.com#frag', 'https://example.com/?#', 'HTTPS://EXAMPLE.COM:443/X',
  ' https://example.com/x ', 'https:\\\\example.com\\x', 'https://example.com/\uD800', 'https://example.com/\u202E',
  'http://0x7f.1/', 'http://2130706433/', 'https://example.com?bodySHA256=', `https://example.com?bodySHA256=${'A'.repeat(64)}`,
  'https://example.com?bodySHA256=zz&bodySHA256=00', 'https://example.com/?bodySHA256=%', 'https://example.com/?' + '&'.repeat(500),
];

const SETTINGS = [
  '', ' ', 'algorithm=HMAC_SHA256', 'algorithm=HMAC_SHA1', 'algorithm=', 'algorithm=MD5', 'algorithm=hmac_sha256',
  ';;;', '=', 'algorithm=HMAC_SHA256;algorithm=HMAC_SHA1', 'algorithm = HMAC_SHA256 ; x=y', 'algorithm=\0',
  'algorithm=💥', 'x'.repeat(10000), 'algorithm="HMAC_SHA256"', 'ALGORITHM=HMAC_SHA256',
];

const CONTENT_TYPES = [
  FORM, 'application/json', 'text/plain', '', ' ', 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8', 'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded;;;', 'application/json; charset=latin1', '\0', 'x'.repeat(5000), 'application/💥', ';',
];

/** `limits` options (keys.limits, options.limits): tight, huge, and not numbers at all. */
function hostileLimits(g) {
  return g.pick([
    {}, { maxBodyBytes: 0 }, { maxBodyBytes: 10 }, { maxUrlBytes: 5 }, { maxParams: 1 }, { maxParams: 0 },
    { maxNameBytes: 1, maxValueBytes: 1 }, { maxBodyBytes: Infinity, maxUrlBytes: Infinity, maxParams: Infinity },
    { maxBodyBytes: 2 ** 53 }, { maxBodyBytes: 1e300 }, { maxBodyBytes: -1 }, { maxBodyBytes: 1.5 }, { maxBodyBytes: '10' },
    { maxBodyBytes: NaN }, { maxBodyBytes: -Infinity }, { maxBodyBytes: 10n }, { bogus: 1 }, { maxBodyBytes: null }, null,
    wrong(g),
  ]);
}

const STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'];

/** A value of a type no public function takes (a fresh one: some are mutable objects). */
function wrong(g) {
  const cyclic = { kind: 'call-status' };
  cyclic.self = cyclic;
  const list = [
    undefined, null, 0, 1, -1, 3.5, NaN, Infinity, -0, 2n ** 64n, 0n, true, false, Symbol('s'), {}, [], ['a', 1], [null],
    () => 'x', new Date(0), /x/g, new Map([['a', 'b']]), new Set(['a']), Object.create(null), new Uint16Array([1, 2]),
    new Int8Array(3), new Float64Array(2), new DataView(new ArrayBuffer(2)), new String('str'), new Number(1),
    { toString: () => 'https://example.com/' }, { valueOf: () => 1 }, cyclic, { big: 1n }, { kind: 'call-status', big: 1n },
    { kind: 1 }, { kind: 'call-status' }, { kind: 'recording-status', extra: 'x' }, Promise.resolve('x'), new Proxy({}, {}),
    { length: 3 }, new Error('e'), Symbol.iterator, [['AccountSid', 'AC1']], { url: 1, body: 2, signature: 3 },
    { authToken: 1 }, { authTokens: 'abc' }, { sharedKeys: [1] }, { get: () => null }, { arrayBuffer: () => null, headers: {} },
  ];
  return g.pick(list);
}

/** A hostile string: from the list, or random code units (lone surrogates included). */
function hostileString(g) {
  if (g.chance(0.7)) return g.pick(HOSTILE);
  let s = '';
  for (let i = g.int(40); i > 0; i--) s += String.fromCharCode(g.chance(0.8) ? g.int(128) : g.int(0x10000));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const INVALID_UTF8 = [[0xc3, 0x28], [0xff], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80], [0xfe, 0xff]];
const PERCENT = ['%', '%G', '%%', '%E2%82', '%C3%28', '%00', '%FF', '%u1234', '%2', '%%%25', '%0D%0A'];
const DELIMS = ['&', '=', '&&', '==', '+', ';', '\r\n', '\0', '&=', '=&', '?', '#'];

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A huge size now and then: mostly kilobytes, sometimes a megabyte, rarely several. */
function hugeSize(g, o) {
  const r = g.rng();
  if (r < 0.002 * o.huge) return 4 << 20;
  if (r < 0.03 * o.huge) return 1 << 20;
  return g.pick([1024, 4096, 65536]);
}

function mutateBytes(g, input, o) {
  let b = input;
  for (let n = 1 + g.int(3); n > 0; n--) {
    const at = g.int(b.length + 1);
    switch (g.int(10)) {
      case 0: // bit flip
        if (b.length) {
          b = b.slice();
          b[g.int(b.length)] ^= 1 << g.int(8);
        }
        break;
      case 1: // truncation
        b = b.slice(0, g.int(b.length + 1));
        break;
      case 2: { // duplication of a segment
        const i = g.int(b.length + 1);
        const j = i + g.int(b.length - i + 1);
        b = concat(b.slice(0, at), b.slice(i, j), b.slice(at));
        break;
      }
      case 3: { // huge repeat of the whole or a segment
        const size = hugeSize(g, o);
        const unit = g.chance(0.5) || b.length === 0 ? b.length ? b : utf8.encode('a=b&') : b.slice(0, 1 + g.int(b.length));
        const out = new Uint8Array(Math.max(size, unit.length));
        for (let k = 0; k < out.length; k += unit.length) out.set(unit.subarray(0, Math.min(unit.length, out.length - k)), k);
        b = out;
        break;
      }
      case 4: // invalid UTF-8
        b = concat(b.slice(0, at), new Uint8Array(g.pick(INVALID_UTF8)), b.slice(at));
        break;
      case 5: // percent-garbage
        b = concat(b.slice(0, at), utf8.encode(g.pick(PERCENT)), b.slice(at));
        break;
      case 6: { // random bytes
        const r = new Uint8Array(1 + g.int(32));
        for (let k = 0; k < r.length; k++) r[k] = g.int(256);
        b = concat(b.slice(0, at), r, b.slice(at));
        break;
      }
      case 7: // delimiters
        b = concat(b.slice(0, at), utf8.encode(g.pick(DELIMS)), b.slice(at));
        break;
      case 8: // a byte-order mark, a trailing newline
        b = g.chance(0.5) ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), b) : concat(b, utf8.encode(g.pick(['\n', '\r\n', ' '])));
        break;
      default: // a hostile string
        b = concat(b.slice(0, at), utf8.encode(hostileString(g)), b.slice(at));
    }
  }
  return b;
}

/** A mutated body as a string (lossy, byte-per-char or with lone surrogates), bytes or an ArrayBuffer. */
function mutateBody(g, body, o, { kinds = ['string', 'bytes', 'buffer'] } = {}) {
  const bytes = g.chance(0.1) ? utf8.encode(body) : mutateBytes(g, utf8.encode(body), o);
  switch (g.pick(kinds)) {
    case 'bytes':
      return g.chance(0.2) ? new Uint8Array(concat(new Uint8Array(3), bytes).buffer, 3) : bytes; // an offset view too
    case 'buffer':
      return bytes.slice().buffer;
    default: {
      if (bytes.length > 65536 || g.chance(0.6)) return lossy.decode(bytes);
      let s = '';
      for (const c of bytes) s += String.fromCharCode(c);
      return g.chance(0.3) ? s + '\uD800' : s;
    }
  }
}

function mutateString(g, s, o) {
  const m = mutateBody(g, s, o, { kinds: ['string'] });
  return typeof m === 'string' ? m : lossy.decode(m);
}

function hostileUrl(g, base, o) {
  switch (g.int(6)) {
    case 0:
    case 1:
      return g.pick(URLS);
    case 2:
      return base + (base.includes('?') ? '&' : '?') + hostileString(g) + '=' + hostileString(g);
    case 3:
      return base + (base.includes('?') ? '&' : '?') + 'q=' + 'x'.repeat(hugeSize(g, o));
    case 4:
      return g.pick(['http://', 'https://', 'HTTP://', 'https://[::1]:', '']) + mutateString(g, base.replace(/^[a-z]+:\/\//i, ''), o);
    default:
      return mutateString(g, base, o);
  }
}

function hostileSignature(g, sig, other) {
  switch (g.int(8)) {
    case 0: return '';
    case 1: return ` ${sig ?? ''}\n`;
    case 2: return (sig ?? '').slice(0, g.int(40));
    case 3: return other ?? 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
    case 4: return 'x'.repeat(g.pick([100, 10000, 100000]));
    case 5: return (sig ?? '').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    case 6: return '0123456789abcdef0123456789abcdef01234567';
    default: return hostileString(g);
  }
}

function hostileToken(g, token) {
  switch (g.int(7)) {
    case 0: return '';
    case 1: return ` ${token}\n`;
    case 2: return `${token}\0`;
    case 3: return 'k'.repeat(g.pick([65, 1000, 100000]));
    case 4: return '\uD800' + token;
    case 5: return token.toUpperCase();
    default: return hostileString(g);
  }
}

/** Decoded params as frameworks give them, possibly hostile. */
function hostileParams(g, params, o) {
  const out = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = v;
  for (let n = g.int(4); n > 0; n--) {
    const keys = Object.keys(out);
    switch (g.int(7)) {
      case 0:
        if (keys.length) {
          const from = out[g.pick(keys)];
          out[g.pick(keys)] = mutateString(g, typeof from === 'string' ? from : 'v', o);
        }
        break;
      case 1:
        out[hostileString(g)] = hostileString(g);
        break;
      case 2:
        if (keys.length) out[g.pick(keys)] = [hostileString(g), 'b', ''];
        break;
      case 3:
        Object.defineProperty(out, '__proto__', { value: 'x', enumerable: true, configurable: true, writable: true });
        break;
      case 4:
        out[`k${g.int(10)}`] = 'v'.repeat(hugeSize(g, o));
        break;
      case 5:
        if (keys.length) out[g.pick(keys)] = g.chance(0.5) ? wrong(g) : [wrong(g)];
        break;
      default:
        out['a\0b'] = 'c\0d';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks.

/** A short, printable summary of a value (for failure reports). */
function show(x, depth = 0) {
  if (typeof x === 'string') return x.length > 60 ? `${JSON.stringify(x.slice(0, 60))}…(${x.length} chars)` : JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'symbol' || typeof x === 'function') return String(x);
  if (x instanceof Uint8Array) return `Uint8Array(${x.length})[${[...x.slice(0, 12)].map((c) => c.toString(16).padStart(2, '0')).join(' ')}${x.length > 12 ? ' …' : ''}]`;
  if (x instanceof ArrayBuffer) return `ArrayBuffer(${x.byteLength})`;
  if (typeof Request === 'function' && x instanceof Request) return `Request(${x.method} ${show(x.url)})`;
  if (x === null || typeof x !== 'object') return String(x);
  if (depth > 1) return Array.isArray(x) ? '[…]' : '{…}';
  try {
    if (Array.isArray(x)) return `[${x.slice(0, 4).map((v) => show(v, depth + 1)).join(', ')}${x.length > 4 ? ', …' : ''}]`;
    const name = Object.getPrototypeOf(x)?.constructor?.name;
    const keys = Object.keys(x).slice(0, 8);
    return `${name && name !== 'Object' ? name : ''}{${keys.map((k) => `${k}: ${show(x[k], depth + 1)}`).join(', ')}}`;
  } catch {
    return '{?}';
  }
}

class Run {
  constructor(pkg, o) {
    this.pkg = pkg;
    this.o = o;
    this.per = {};
    this.failures = [];
    this.failed = 0;
    this.traps = 0;
  }

  fail(fn, index, kind, detail, args) {
    this.failed++;
    if (this.failures.length < 25) {
      this.failures.push({ fn, case: index, kind, detail: String(detail).slice(0, 300), args: args.map((a) => show(a)).join(', ').slice(0, 600) });
    }
  }

  count(fn, what) {
    const c = (this.per[fn] ??= { cases: 0, returned: 0, typeError: 0, webhookError: 0, codes: {} });
    c[what]++;
  }

  /** Classifies what a call threw: null when it is not a documented error. */
  kindOf(e) {
    const coded = e !== null && typeof e === 'object' && typeof e.code === 'string' && e.code !== '' && typeof e.message === 'string';
    if (e instanceof this.pkg.WebhookError) return coded ? 'webhookError' : null;
    if (e instanceof TypeError) return coded ? 'typeError' : null;
    return null;
  }

  /**
   * Calls `f()`; returns { ok: true, value } or { ok: false } after a documented error. Anything
   * else is recorded as a failure (and `{ ok: false, bad: true }` returned).
   */
  async call(fn, index, args, f, check) {
    let value;
    try {
      value = await f();
      if (check) {
        const problem = check(value);
        if (problem) {
          this.fail(fn, index, 'bad-result', problem, args);
          return { ok: false, bad: true };
        }
      }
    } catch (e) {
      const kind = this.kindOf(e);
      if (kind) {
        this.count(fn, kind);
        const c = this.per[fn].codes;
        c[e.code] = (c[e.code] ?? 0) + 1;
        return { ok: false };
      }
      const trap = typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError;
      if (trap) this.traps++;
      this.fail(fn, index, trap ? 'wasm-trap' : 'undocumented-throw',
        e instanceof Error ? `${e.name}${e.code ? `(${e.code})` : ''}: ${e.message}` : `non-Error thrown: ${show(e)}`, args);
      return { ok: false, bad: true };
    }
    this.count(fn, 'returned');
    return { ok: true, value };
  }
}

// Result shapes.
const isBool = (v) => (typeof v === 'boolean' ? null : `expected a boolean, got ${show(v)}`);
const isHash = (v) => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? null : `expected 64 hex digits, got ${show(v)}`);
const isString = (v) => (typeof v === 'string' ? null : `expected a string, got ${show(v)}`);

/** A Verification: valid, or rejected with a reason and well-formed hints (read: the diagnosis runs). */
function verification(v, readHints) {
  if (v === null || typeof v !== 'object' || typeof v.valid !== 'boolean') return `not a verification: ${show(v)}`;
  if (v.valid) {
    if (!Number.isInteger(v.keyIndex) || typeof v.urlVariant !== 'string' || typeof v.algorithm !== 'string' || typeof v.path !== 'string') {
      return `bad valid verification: ${show(v)}`;
    }
    return null;
  }
  if (typeof v.reason !== 'string' || typeof v.message !== 'string') return `bad rejection: ${show(v)}`;
  if (readHints) {
    const hints = v.hints;
    if (!Array.isArray(hints)) return `hints is not an array: ${show(hints)}`;
    for (const h of hints) {
      if (typeof h.code !== 'string' || typeof h.confirmed !== 'boolean' || typeof h.message !== 'string') return `bad hint ${show(h)}`;
    }
    JSON.stringify(v);
  }
  return null;
}

function callbackShape(v, lenient) {
  if (v === null || typeof v !== 'object' || typeof v.kind !== 'string') return `not a callback: ${show(v)}`;
  if (lenient && (!Array.isArray(v.problems) || typeof v.sidValid !== 'boolean')) return `not a lenient callback: ${show(v)}`;
  if (!lenient && !Array.isArray(v.extra)) return `callback without extra: ${show(v)}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Case generators, one per function. Each returns [args, thunk, check].

function vectorInput(g, data, o) {
  const v = g.pick(data.vectors);
  const input = {
    url: v.url,
    method: v.method,
    contentType: v.content_type,
    body: v.body,
    signature: v.signature,
    signatureSettings: v.signature_settings,
  };
  const keys = {};
  if (v.auth_tokens.length) keys.authTokens = [...v.auth_tokens];
  if (v.shared_keys.length) keys.sharedKeys = [...v.shared_keys];
  if (!v.auth_tokens.length && !v.shared_keys.length) keys.authToken = 'token';
  // Mutate 0-3 fields.
  for (let n = g.int(4); n > 0; n--) {
    switch (g.int(9)) {
      case 0: case 1: input.body = mutateBody(g, v.body, o); break;
      case 2: input.url = hostileUrl(g, v.url, o); break;
      case 3: input.signature = hostileSignature(g, v.signature, g.pick(data.vectors).signature); break;
      case 4: input.signatureSettings = g.pick(SETTINGS); break;
      case 5: input.contentType = g.pick(CONTENT_TYPES); break;
      case 6: input.method = g.pick(['GET', 'POST', 'PUT', 'get', '', 'HEAD']); break;
      case 7: input.headers = g.pick([
        { host: hostileString(g), 'x-forwarded-proto': g.pick(['http', 'https', 'ftp', '']), 'x-forwarded-port': g.pick(['0', '99999', '443', 'x']) },
        { Forwarded: 'for=1.2.3.4;proto=https;host=' + hostileString(g) }, { 'X-Forwarded-Host': hostileString(g) },
      ]);
        break;
      default: {
        const tok = keys.authTokens?.[0] ?? keys.sharedKeys?.[0] ?? 'token';
        if (g.chance(0.5)) keys.authToken = hostileToken(g, tok);
        else keys[g.pick(['authTokens', 'sharedKeys'])] = [hostileToken(g, tok), tok];
      }
    }
  }
  if (g.chance(0.1)) keys.limits = hostileLimits(g);
  // A wrong type somewhere, one case in six.
  if (g.chance(1 / 6)) {
    const field = g.pick(['url', 'method', 'contentType', 'body', 'signature', 'signatureSettings', 'headers', 'keys', 'input', 'authToken', 'authTokens', 'sharedKeys']);
    if (field === 'keys' || field === 'input') return { v, input: field === 'input' ? wrong(g) : input, keys: field === 'keys' ? wrong(g) : keys };
    if (['authToken', 'authTokens', 'sharedKeys'].includes(field)) keys[field] = wrong(g);
    else input[field] = wrong(g);
  }
  return { v, input, keys };
}

function firstToken(g, v) {
  const t = v.auth_tokens[0] ?? 'token';
  return g.chance(0.15) ? hostileToken(g, t) : t;
}

function maybeWrong(g, value, p = 0.05) {
  return g.chance(p) ? wrong(g) : value;
}

const GENERATORS = {
  validateRequest(g, data, o, pkg) {
    const v = g.pick(data.vectors);
    const args = [
      maybeWrong(g, firstToken(g, v)),
      maybeWrong(g, g.chance(0.3) ? hostileSignature(g, v.signature, null) : v.signature ?? ''),
      maybeWrong(g, g.chance(0.3) ? hostileUrl(g, v.url, o) : v.url),
      maybeWrong(g, g.chance(0.6) ? hostileParams(g, v.params, o) : v.params ?? {}),
    ];
    return [args, () => pkg.validateRequest(...args), isBool];
  },

  validateRequestWithBody(g, data, o, pkg) {
    const v = g.pick(data.vectors);
    const args = [
      maybeWrong(g, firstToken(g, v)),
      maybeWrong(g, g.chance(0.3) ? hostileSignature(g, v.signature, null) : v.signature ?? ''),
      maybeWrong(g, g.chance(0.3) ? hostileUrl(g, v.url, o) : v.url),
      maybeWrong(g, g.chance(0.7) ? mutateBody(g, v.body, o) : v.body),
    ];
    return [args, () => pkg.validateRequestWithBody(...args), isBool];
  },

  getExpectedTwilioSignature(g, data, o, pkg) {
    const v = g.pick(data.vectors);
    const args = [
      maybeWrong(g, firstToken(g, v)),
      maybeWrong(g, g.chance(0.4) ? hostileUrl(g, v.url, o) : v.url),
      maybeWrong(g, g.chance(0.6) ? hostileParams(g, v.params, o) : v.params ?? {}),
    ];
    return [args, () => pkg.getExpectedTwilioSignature(...args), isString];
  },

  getExpectedBodyHash(g, data, o, pkg) {
    const v = g.pick(data.vectors);
    const args = [maybeWrong(g, mutateBody(g, v.body, o), 0.15)];
    return [args, () => pkg.getExpectedBodyHash(...args), isHash];
  },

  signingString(g, data, o, pkg) {
    const { input } = vectorInput(g, data, o);
    const options = g.chance(0.1) ? { limits: hostileLimits(g) } : g.chance(0.05) ? wrong(g) : undefined;
    return [[input, options], () => pkg.signingString(input, options), isString];
  },

  verify(g, data, o, pkg) {
    const { input, keys } = vectorInput(g, data, o);
    const size = typeof input?.body === 'string' ? input.body.length : input?.body?.byteLength ?? 0;
    // The diagnosis of a huge request re-hashes it for every hypothesis: read it now and then.
    const readHints = size < 70000 || g.chance(0.05);
    return [[input, keys], () => pkg.verify(input, keys), (r) => verification(r, readHints)];
  },

  async verifyRequest(g, data, o, pkg) {
    const { v, input, keys } = vectorInput(g, data, o);
    if (input === null || typeof input !== 'object' || keys === null || typeof keys !== 'object' || g.chance(0.05)) {
      const request = g.chance(0.5) ? wrong(g) : { headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0), method: wrong(g), url: wrong(g) };
      return [[request, keys], () => pkg.verifyRequest(request, keys), (r) => verification(r?.verification, true)];
    }
    // A real fetch Request; what the Request class refuses goes into keys.url instead.
    const method = ['GET', 'POST', 'PUT', 'HEAD'].includes(input.method) ? input.method : 'POST';
    const headers = new Headers();
    const set = (name, value) => {
      if (typeof value !== 'string') return;
      try {
        headers.set(name, value);
      } catch {
        /* not a valid header value: the request arrives without it */
      }
    };
    set('content-type', input.contentType);
    set('x-twilio-signature', input.signature);
    set('x-twilio-webhooks-signature-settings', input.signatureSettings);
    if (input.headers && typeof input.headers === 'object') for (const [k, val] of Object.entries(input.headers)) set(k, val);
    let body = method === 'GET' || method === 'HEAD' ? undefined : input.body;
    if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array) && !(body instanceof ArrayBuffer)) body = String(v.body);
    let request;
    const k = { ...keys };
    try {
      request = new Request(input.url, { method, headers, body });
    } catch {
      request = new Request('https://example.com/voice', { method, headers, body });
      k.url = input.url;
    }
    if (g.chance(0.2)) k.url = g.chance(0.5) ? hostileUrl(g, v.url, o) : wrong(g);
    return [[request, k], () => pkg.verifyRequest(request, k), (r) => {
      if (r === null || typeof r !== 'object') return `not a webhook: ${show(r)}`;
      if (r.callback !== undefined && callbackShape(r.callback, false)) return callbackShape(r.callback, false);
      if (r.callbackError !== undefined && !(r.callbackError instanceof pkg.WebhookError)) return `callbackError is not a WebhookError: ${show(r.callbackError)}`;
      return verification(r.verification, true);
    }];
  },

  parseCallback(g, data, o, pkg) {
    const text = g.pick(data.callbacks);
    let body;
    switch (g.int(6)) {
      case 0: body = text; break;
      case 1: case 2: body = mutateBody(g, text, o); break;
      case 3: body = new URLSearchParams(mutateString(g, text, o)); break;
      case 4: {
        const params = {};
        for (const [key, val] of new URLSearchParams(text)) params[key] = val;
        body = hostileParams(g, params, o);
        break;
      }
      default: body = wrong(g);
    }
    const options = g.pick([undefined, undefined, { lenient: true }, { lenient: 'yes' }, null, wrong(g),
      { limits: hostileLimits(g) }, { lenient: true, limits: hostileLimits(g) }]);
    const lenient = options !== null && typeof options === 'object' && options.lenient === true;
    return [[body, options], () => pkg.parseCallback(body, options), (r) => callbackShape(r, lenient)];
  },

  canTransition(g, data, o, pkg) {
    const pickOne = () => (g.chance(0.6) ? g.pick(STATUSES) : g.chance(0.5) ? hostileString(g) : wrong(g));
    const args = [g.chance(0.2) ? null : pickOne(), pickOne()];
    return [args, () => pkg.canTransition(...args), isBool];
  },
};

/** A lifecycle event: a body (string, bytes, URLSearchParams), a parsed callback, mutated or not. */
function lifecycleEvent(g, data, o, pkg) {
  const body = g.pick(data.lifecycles);
  switch (g.int(8)) {
    case 0: case 1: return body;
    case 2: return mutateBody(g, body, o);
    case 3: return new URLSearchParams(g.chance(0.5) ? body : mutateString(g, body, o));
    case 4: {
      let cb;
      try {
        cb = pkg.parseCallback(body);
      } catch {
        return body;
      }
      // A parsed callback with a field changed: a wrong type, a hostile string, a bogus status.
      const keys = Object.keys(cb);
      const k = g.pick(keys);
      cb[k] = g.pick([wrong(g), hostileString(g), 'bogus', -1, 1e300, 2 ** 53, '3', [], {}, null]);
      if (g.chance(0.3)) delete cb[g.pick(keys)];
      return cb;
    }
    case 5: return g.pick(data.callbacks);
    case 6: {
      // An event of one leg with its SequenceNumber and status shuffled.
      return body.replace(/SequenceNumber=\d+/, `SequenceNumber=${g.pick(['0', '-1', '99999999999999999999', '1.5', '', 'x'])}`)
        .replace(/CallStatus=[a-z-]+/, `CallStatus=${g.pick([...STATUSES, 'answered', 'bogus', ''])}`);
    }
    default: return wrong(g);
  }
}

/** A stored state, mutated: wrong version, bogus status, odd facts, a broken JSON text. */
function mutateState(g, state, o) {
  const s = JSON.parse(JSON.stringify(state));
  const target = s.legs ? Object.values(s.legs)[0] ?? s : s;
  switch (g.int(9)) {
    case 0: s.version = g.pick([0, 2, '1', null, 1.5]); return s;
    case 1: target.status = g.pick(['bogus', '', 1, null, 'answered']); return s;
    case 2: target.history = g.pick([null, 'x', [{ seq: -1, status: 'x' }], Array.from({ length: 5000 }, (_, i) => ({ seq: i, status: 'ringing' }))]); return s;
    case 3: target.facts = g.pick([null, [], { callDuration: -1 }, { callDuration: 1e300 }, { dials: 'x' }, { conflicts: [1] }, { recordings: [{}] }]); return s;
    case 4: target.leg = g.pick(['bogus', 1, null]); return s;
    case 5: return mutateString(g, JSON.stringify(s), o);
    case 6: return JSON.stringify(s).slice(0, g.int(200));
    case 7: if (s.legs) s.legs = g.pick([[], null, { '': {} }, { x: 1 }]); else s.maxSeq = g.pick([-1, 2 ** 64, 'x']); return s;
    default: return wrong(g);
  }
}

function lifecycleGenerator(Cls) {
  return async function lifecycle(g, data, o, pkg, run, fn, index) {
    // Construct (maybe from a stored state), apply 1-4 events, read the getters, save and restore.
    const C = pkg[Cls];
    const options = g.pick([undefined, undefined, { droppedBelowSeconds: 5 }, { droppedBelowSeconds: -1 }, { droppedBelowSeconds: 1.5 },
      { droppedBelowSeconds: 2 ** 40 }, { droppedBelowSeconds: '5' }, null, wrong(g)]);
    let state;
    if (g.chance(0.4)) {
      // A real state, from real events, then maybe mutated.
      try {
        const seed = new C();
        for (let n = 1 + g.int(4); n > 0; n--) seed.apply(g.pick(data.lifecycles));
        state = seed.toJSON();
      } catch {
        state = undefined;
      }
      if (state && g.chance(0.6)) state = mutateState(g, state, o);
      else if (state && g.chance(0.3)) state = JSON.stringify(state);
    } else if (g.chance(0.1)) {
      state = wrong(g);
    }
    const args = [state, options];
    const made = await run.call(fn, index, args, () => new C(state, options));
    if (!made.ok) return;
    const t = made.value;
    const getters = Cls === 'CallTree' ? ['outcome', 'root', 'legs'] : ['outcome', 'status'];
    for (let n = 1 + g.int(4); n > 0; n--) {
      const event = lifecycleEvent(g, data, o, pkg);
      await run.call(fn, index, [state, options, event], () => t.apply(event), (a) =>
        a !== null && typeof a === 'object' && typeof a.effect === 'string' && typeof a.rule === 'string' ? null : `bad Applied ${show(a)}`);
    }
    for (const name of getters) await run.call(fn, index, [state, options, `.${name}`], () => t[name]);
    const saved = await run.call(fn, index, [state, options, 'toJSON()'], () => t.toJSON());
    if (!saved.ok) return;
    // A restored tracker answers the same.
    const back = await run.call(fn, index, [saved.value, options, 'restore'], () => new C(g.chance(0.5) ? saved.value : JSON.stringify(saved.value), options));
    if (back.ok) {
      try {
        const a = JSON.stringify([t.outcome, Cls === 'CallTree' ? t.legs : t.status]);
        const b = JSON.stringify([back.value.outcome, Cls === 'CallTree' ? back.value.legs : back.value.status]);
        if (a !== b) run.fail(fn, index, 'restore-mismatch', `${a.slice(0, 140)} != ${b.slice(0, 140)}`, [saved.value]);
      } catch (e) {
        if (!run.kindOf(e)) run.fail(fn, index, 'undocumented-throw', `after restore: ${e && e.message}`, [saved.value]);
      }
    }
  };
}

GENERATORS.CallTracker = lifecycleGenerator('CallTracker');
GENERATORS.CallTree = lifecycleGenerator('CallTree');

/** The module still works: a known-good vector verifies, a callback parses, a tracker applies. */
function knownGood(pkg, data) {
  const v = data.vectors.find((x) => x.id === 'doc-01') ?? data.vectors.find((x) => x.expected.valid === true);
  const input = { url: v.url, method: v.method, contentType: v.content_type, body: v.body, signature: v.signature, signatureSettings: v.signature_settings };
  const keys = { authTokens: v.auth_tokens, sharedKeys: v.shared_keys };
  const problems = [];
  try {
    if (pkg.verify(input, keys).valid !== true) problems.push(`verify(${v.id}) is not valid`);
    if (v.params && v.auth_tokens.length === 1 && !v.signature_settings && pkg.validateRequest(v.auth_tokens[0], v.signature, v.url, v.params) !== true) {
      problems.push(`validateRequest(${v.id}) is not true`);
    }
    if (pkg.getExpectedBodyHash('') !== 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855') problems.push('getExpectedBodyHash("") is wrong');
    const t = new pkg.CallTracker();
    t.apply(data.lifecycles[0]);
    if (typeof t.outcome.outcome !== 'string') problems.push('CallTracker gives no outcome');
  } catch (e) {
    problems.push(`threw ${e && e.name}: ${e && e.message}`);
  }
  return problems;
}

/**
 * Runs `cases` cases of every function (or of `only`). Returns { seed, cases, per, failures,
 * failed, traps, knownGood, ms }.
 */
export async function runRobust(pkg, data, { seed = 1, cases = 3000, only, huge = 1 } = {}) {
  const o = { huge };
  const run = new Run(pkg, o);
  const t0 = Date.now();
  const ms = {};
  const before = knownGood(pkg, data);
  if (before.length) return { seed, cases, per: {}, failures: [{ kind: 'broken-before', detail: before.join('; ') }], failed: 1, traps: 0, knownGood: before, ms };
  const names = Object.keys(GENERATORS).filter((n) => !only || only.includes(n));
  for (const [fi, fn] of names.entries()) {
    const t = Date.now();
    for (let i = 0; i < cases; i++) {
      // Case i of fn depends only on (seed, fn, i).
      const g = gen((Math.imul(seed, 0x9e3779b1) ^ Math.imul(fi + 1, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0);
      (run.per[fn] ??= { cases: 0, returned: 0, typeError: 0, webhookError: 0, codes: {} }).cases++;
      const made = await GENERATORS[fn](g, data, o, pkg, run, fn, i);
      if (Array.isArray(made)) {
        const [args, thunk, check] = made;
        await run.call(fn, i, args, thunk, check);
      }
      if (run.traps > 0 && knownGood(pkg, data).length) {
        // The instance is gone: every later case would fail the same way.
        run.fail(fn, i, 'instance-dead', 'the module no longer works after the trap above; stopping', []);
        break;
      }
    }
    ms[fn] = Date.now() - t;
    if (run.traps > 0 && knownGood(pkg, data).length) break;
  }
  return { seed, cases, per: run.per, failures: run.failures, failed: run.failed, traps: run.traps, knownGood: knownGood(pkg, data), ms: { total: Date.now() - t0, ...ms } };
}

/** The data runRobust takes, from the parsed vector files and the raw fixtures. */
export function robustData({ signatureFiles, callbackBodies, lifecycleScenarios }) {
  return {
    vectors: signatureFiles.flatMap((f) => f.vectors),
    callbacks: callbackBodies,
    lifecycles: lifecycleScenarios.flatMap((s) => s.events.map((e) => e.body)),
  };
}
