// The known-answer suite, runner-agnostic: plain ECMAScript plus TextEncoder and (when present)
// the fetch `Request` class, so the same file runs in Node, Bun, Deno, workerd and browsers.
//
//   const { passed, failed, skipped, failures } = await runKat(pkg, files);
//
// `pkg` is the loaded `twilio-webhook` module (any entry); `files` is the parsed JSON of one or
// more tests/vectors/signature/*.json files ({ vectors: [...] }). Each vector is checked by:
//
//   verify/bytes     verify() with the body as the UTF-8 bytes of `body` (a Uint8Array)
//   verify/string    verify() with the body as the string itself
//   hints            on invalid results: `hints` is an array, and JSON.stringify includes it
//   verifyRequest    verifyRequest() on a fetch Request carrying the same bytes and headers
//                    (the URL goes in keys.url: Request rejects URLs with credentials)
//   drop-in          where twilio-node has an equivalent call: one auth token, no settings header.
//                    GET (params {}), and form POSTs -> validateRequest(token, sig ?? '', url, params)
//                    other non-empty bodies        -> validateRequestWithBody(token, sig ?? '', url, body)
//                    (string and bytes). The result must equal expected.valid (or
//                    `expected_dropin` when a vector sets it). So `missing_signature` is `false`
//                    (twilio-node passes a missing header as ''), `missing_body_hash` is `false`
//                    (twilio-node hashes against an absent bodySHA256 and returns false), and
//                    `unsupported_algorithm` and SharedKey vectors are skipped: the drop-ins have
//                    no settings-header argument, exactly like twilio-node.
//
//                    Skipped when a header value has leading or trailing whitespace: HTTP strips
//                    it (RFC 9110 §5.5), and so does the fetch Headers class.
//
// Misuse: `expected: { error: '<code>' }`, or `{ valid: false, reason: 'empty_key' }` (the
// generator's name for an empty auth token or secret, spec §7 "error when the validator is
// constructed") -> every call, drop-ins included, must throw a TypeError with that `code`
// (`empty_secret` for `empty_key`). twilio-node accepts an empty key; this library does not.

const FORM = 'application/x-www-form-urlencoded';
/** Vector reasons that are misuse, not a verdict, and the TypeError code they map to. */
const MISUSE = { empty_key: 'empty_secret', empty_secret: 'empty_secret', no_keys: 'no_keys', invalid_url: 'invalid_url' };
const utf8 = new TextEncoder();

function mime(contentType) {
  return contentType == null ? null : contentType.split(';')[0].trim().toLowerCase();
}

/** Which drop-in applies, mirroring the core's path selection (spec §5). */
function dropInKind(v) {
  if (v.method === 'GET') return 'get';
  const m = mime(v.content_type);
  if (v.body === '') return 'get';
  if (m === FORM) return 'form';
  if (m === null) return /^[{[]/.test(v.body) ? 'body' : 'form';
  return 'body';
}

function describe(x) {
  if (x instanceof Error) return `${x.name}(${x.code ?? ''}): ${x.message}`;
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}

/** Compares a Verification with `expected`; returns a mismatch description or null. */
function compare(got, expected) {
  if (got === null || typeof got !== 'object') return `not an object: ${describe(got)}`;
  if (got.valid !== expected.valid) {
    return `valid=${got.valid}${got.valid ? '' : ` (${got.reason})`}, expected ${expected.valid}`;
  }
  if (expected.valid) {
    const want = {
      keyIndex: expected.key_index,
      urlVariant: expected.url_variant,
      algorithm: expected.algorithm,
      path: expected.path,
    };
    for (const [k, w] of Object.entries(want)) {
      if (w !== undefined && got[k] !== w) return `${k}=${describe(got[k])}, expected ${describe(w)}`;
    }
  } else if (got.reason !== expected.reason) {
    return `reason=${describe(got.reason)}, expected ${describe(expected.reason)}`;
  }
  return null;
}

/**
 * Runs every vector of `files` against `pkg`.
 * @param {Record<string, Function>} pkg the loaded package module
 * @param {object | object[]} files parsed vector files
 * @returns {Promise<{ passed: number, failed: number, skipped: number, failures: object[] }>}
 */
/** JSON with object keys sorted, to compare records whatever their key order. */
function canonical(x) {
  if (Array.isArray(x)) return '[' + x.map(canonical).join(',') + ']';
  if (x !== null && typeof x === 'object') {
    return '{' + Object.keys(x).sort().map((k) => JSON.stringify(k) + ':' + canonical(x[k])).join(',') + '}';
  }
  return JSON.stringify(x);
}

/** Whether every field of `want` has the same value in `got`. */
function subset(want, got) {
  return Object.keys(want).every((k) => canonical(want[k]) === canonical(got?.[k]));
}

/**
 * One callback fixture (tests/vectors/callbacks): the raw wire bytes parse to the expected
 * record, as bytes, as text and (GET fixtures) as URLSearchParams; a malformed one throws a
 * WebhookError with the expected code, field and message, and parses leniently as expected.
 */
async function checkCallback(pkg, c, result) {
  const bin = atob(c.wire);
  const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  const text = new TextDecoder().decode(bytes);
  const inputs = [['bytes', bytes], ['string', text]];
  if (c.get) inputs.push(['URLSearchParams', new URLSearchParams(text)]);
  const fail = (check, detail) => {
    result.failed++;
    result.failures.push({ id: c.name, case: 'callback fixture', check, detail });
  };
  for (const [how, input] of inputs) {
    const check = `parseCallback/${how}`;
    const want = c.expected;
    try {
      const got = pkg.parseCallback(input);
      if (want.error) fail(check, `parsed, expected ${want.error.code} on ${want.error.field}`);
      else if (canonical(got) !== canonical(want)) fail(check, `got ${canonical(got)}`);
      else result.passed++;
    } catch (e) {
      if (!want.error) fail(check, `threw ${describe(e)}`);
      else if (!(e instanceof pkg.WebhookError) || e.code !== want.error.code || e.field !== want.error.field ||
               e.message !== want.error.message) fail(check, `threw ${describe(e)} field ${e.field}`);
      else result.passed++;
    }
    if (c.expected.lenient) {
      const got = pkg.parseCallback(input, { lenient: true });
      const want = c.expected.lenient;
      const problemsOk = got.problems.length === want.problems.length &&
        want.problems.every((p, i) => subset(p, got.problems[i]));
      if (got.kind !== want.kind || canonical(got.callback) !== canonical(want.callback) ||
          got.sidValid !== want.sidValid || !problemsOk) {
        fail(`${check}/lenient`, `got ${canonical(got)}`);
      } else result.passed++;
    }
  }
}


// ---------------------------------------------------------------------------------------------
// Call lifecycle (tests/vectors/lifecycles): every scenario through CallTracker / CallTree, with
// events given as raw strings, bytes and parsed callbacks in turn and the state restored from
// JSON between events; permutable scenarios in shuffled orders with duplicates (seeded); the
// transition table through canTransition and, per leg kind, through a tracker.

const GRID = [
  'r o o o o o o o o', '= o o o o o o o o', '< = o o o o o o o', '< < = o o o o o o', '< < < = o x x x x',
  '< < < < = c c c c', '< < < < c = c c c', '< < < < c c = c c', '< < < < c c c = c', '< < < < c c c c =',
].map((r) => r.split(' '));
const STATUSES = ['queued', 'initiated', 'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled'];

function lifecycleSubset(want, got) {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    return got !== null && typeof got === 'object' && Object.keys(want).every((k) => lifecycleSubset(want[k], got[k]));
  }
  return canonical(want) === canonical(got);
}

/** A small seeded PRNG (mulberry32), so every runtime shuffles the same way. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lifecycleFinal(subject) {
  return canonical({ status: subject.status ?? null, root: subject.root ?? null, outcome: subject.outcome });
}

function checkLifecycles(pkg, scenarios, result) {
  const fail = (id, check, detail) => {
    result.failed++;
    result.failures.push({ id, case: 'lifecycle', check, detail });
  };
  const ok = (cond, id, check, detail) => (cond ? result.passed++ : fail(id, check, detail()));
  for (const s of scenarios) {
    const make = (state) => (s.subject === 'leg' ? new pkg.CallTracker(state, s.options) : new pkg.CallTree(state, s.options));
    try {
      let subject = make();
      s.events.forEach((e, i) => {
        const restored = make(JSON.parse(JSON.stringify(subject.toJSON())));
        ok(canonical(restored.toJSON()) === canonical(subject.toJSON()), s.name, `restore/${i}`, () => 'state changed');
        subject = restored;
        const input = [e.body, utf8.encode(e.body), pkg.parseCallback(e.body)][i % 3];
        const applied = subject.apply(input);
        ok(lifecycleSubset(e.expect, applied), s.name, `apply/${i}`, () => `got ${canonical(applied)}`);
      });
      const f = s.final;
      if ('status' in f) ok(subject.status === f.status, s.name, 'final/status', () => `got ${subject.status}`);
      if ('root' in f) ok(subject.root === f.root, s.name, 'final/root', () => `got ${subject.root}`);
      ok(lifecycleSubset(f.outcome, subject.outcome), s.name, 'final/outcome', () => `got ${canonical(subject.outcome)}`);
      for (const [sid, leg] of Object.entries(f.legs ?? {})) {
        const got = subject.legs[sid];
        ok(got && got.status === leg.status && got.outcome.outcome === leg.outcome, s.name, `final/legs/${sid}`,
          () => `got ${canonical(got)}`);
      }
      if (s.permutable) {
        const base = lifecycleFinal(subject);
        const random = prng(s.events.length * 7919 + s.name.length);
        for (let round = 0; round < 12; round++) {
          const order = s.events.map((_, i) => i);
          for (let d = 0; d < round % 4; d++) order.push(Math.floor(random() * s.events.length));
          for (let i = order.length - 1; i > 0; i--) {
            const j = Math.floor(random() * (i + 1));
            [order[i], order[j]] = [order[j], order[i]];
          }
          let x = make();
          for (const i of order) {
            if (random() < 0.5) x = make(x.toJSON());
            x.apply(s.events[i].body);
          }
          ok(lifecycleFinal(x) === base, s.name, `permutation/${round}`, () => `order ${order}: ${lifecycleFinal(x)}`);
        }
      }
    } catch (e) {
      fail(s.name, 'threw', describe(e));
    }
  }
  // The table: canTransition, then a tracker per leg kind.
  const body = (st, seq, dir) => 'AccountSid=AC0123456789abcdef0123456789abcdef&CallSid=CA0123456789abcdef0123456789abcdef' +
    (dir === 'outbound-dial' ? '&ParentCallSid=CAffffffffffffffffffffffffffffffff' : '') +
    `&CallbackSource=call-progress-events&Direction=${dir}&CallStatus=${st}&SequenceNumber=${seq}`;
  for (let row = 0; row < 10; row++) {
    const from = row === 0 ? null : STATUSES[row - 1];
    STATUSES.forEach((to, col) => {
      const g = GRID[row][col];
      ok(pkg.canTransition(from, to) === (g === 'o' || g === 'r'), 'table', `canTransition ${from} → ${to}`, () => 'wrong');
      for (const dir of ['outbound-api', 'inbound', 'outbound-dial']) {
        const t = new pkg.CallTracker();
        if (from !== null && t.apply(body(from, 1, dir)).effect !== 'advance') return; // a queued child or inbound leg
        const want = { r: dir === 'outbound-api' ? 'advance' : 'illegal', o: 'advance', '=': 'duplicate', c: 'conflict' }[g] ?? 'illegal';
        const got = t.apply(body(to, 2, dir)).effect;
        ok(got === want, 'table', `${dir} ${from} → ${to}`, () => `got ${got}, want ${want}`);
      }
    });
  }
  try {
    pkg.canTransition('answered', 'busy');
    fail('table', 'canTransition misuse', 'no TypeError');
  } catch (e) {
    ok(e instanceof TypeError && e.code === 'invalid_argument', 'table', 'canTransition misuse', () => describe(e));
  }
  try {
    new pkg.CallTracker({ version: 2 }).outcome;
    fail('state', 'version', 'no error');
  } catch (e) {
    ok(e instanceof pkg.WebhookError && e.code === 'unsupported_state_version', 'state', 'version', () => describe(e));
  }
}

// ---------------------------------------------------------------------------------------------
// Limits (issue 7): each limit at and just over its maximum, default and custom, through verify,
// verifyRequest, the drop-in, parseCallback and signingString; invalid options are TypeErrors.

async function checkLimits(pkg, result) {
  const fail = (check, detail) => {
    result.failed++;
    result.failures.push({ id: 'limits', case: 'limits', check, detail });
  };
  const ok = (cond, check, detail) => (cond ? result.passed++ : fail(check, detail()));
  const token = '12345';
  const url = 'https://example.com/voice';
  const pairs = (n) => Array.from({ length: n }, (_, i) => `K${i}=v`).join('&');
  const signed = (body, limits, target = url) => {
    const params = {};
    for (const [k, v] of new URLSearchParams(body)) params[k] = k in params ? [].concat(params[k], v) : v;
    const signature = pkg.getExpectedTwilioSignature(token, target, params);
    return pkg.verify({ url: target, body, signature, contentType: 'application/x-www-form-urlencoded' },
      limits === undefined ? { authToken: token } : { authToken: token, limits });
  };
  const expectReason = (check, v, reason) =>
    ok(reason === null ? v.valid === true : v.valid === false && v.reason === reason, check,
      () => `got ${describe({ valid: v.valid, reason: v.reason })}, want ${reason ?? 'valid'}`);
  try {
    // Defaults: at and just over.
    expectReason('default maxParams, at', signed(pairs(1000)), null);
    const over = signed(pairs(1001));
    expectReason('default maxParams, over', over, 'too_many_params');
    ok(Array.isArray(over.hints) && over.hints.length === 0, 'no diagnosis over a limit', () => describe(over.hints));
    ok(typeof over.message === 'string' && over.message.includes('max_params'), 'message', () => over.message);
    expectReason('default maxValueBytes, at', signed('V=' + 'v'.repeat(65536)), null);
    expectReason('default maxValueBytes, over', signed('V=' + 'v'.repeat(65537)), 'param_value_too_long');
    expectReason('default maxNameBytes, at', signed('N'.repeat(1024) + '=1'), null);
    expectReason('default maxNameBytes, over', signed('N'.repeat(1025) + '=1'), 'param_name_too_long');
    const big = Array.from({ length: 17 }, (_, i) => `V${i}=` + 'x'.repeat(62000)).join('&');
    expectReason('default maxBodyBytes, over', signed(big), 'body_too_large');
    const longUrl = `${url}?q=${'a'.repeat(16384 - url.length - 3)}`;
    expectReason('default maxUrlBytes, at', signed('A=1', undefined, longUrl), null);
    expectReason('default maxUrlBytes, over', signed('A=1', undefined, longUrl + 'a'), 'url_too_long');
    // Custom: raised, lowered, Infinity.
    expectReason('raised maxParams', signed(pairs(1001), { maxParams: 1001 }), null);
    expectReason('Infinity', signed(pairs(1001), { maxParams: Infinity, maxBodyBytes: Infinity }), null);
    // The core's input buffer: a body far over the size it keeps (the memory grows, the buffer
    // is released after the call), non-ASCII text, then a small body again.
    // 1.2 million UTF-16 units: over the API module's LONG, so encoded to its exact size first.
    const wide = 'N=' + '\u00e9\u2013x'.repeat(400000);
    expectReason('2.4 MB non-ASCII body', signed(wide, { maxBodyBytes: Infinity, maxValueBytes: Infinity }), null);
    const mid = 'N=' + '\u00e9\u2013x'.repeat(100000);
    expectReason('600 KB non-ASCII body', signed(mid, { maxBodyBytes: Infinity, maxValueBytes: Infinity }), null);
    expectReason('a small body after a large one', signed('A=1'), null);
    expectReason('custom maxParams, at', signed(pairs(3), { maxParams: 3 }), null);
    expectReason('custom maxParams, over', signed(pairs(4), { maxParams: 3 }), 'too_many_params');
    expectReason('custom maxBodyBytes, at', signed('A=12', { maxBodyBytes: 4 }), null);
    expectReason('custom maxBodyBytes, over', signed('A=123', { maxBodyBytes: 4 }), 'body_too_large');
    expectReason('custom maxUrlBytes, over', signed('A=1', { maxUrlBytes: url.length - 1 }), 'url_too_long');
    expectReason('custom maxNameBytes (decoded), at', signed('%41%41=1', { maxNameBytes: 2 }), null);
    expectReason('custom maxNameBytes, over', signed('AAA=1', { maxNameBytes: 2 }), 'param_name_too_long');
    expectReason('custom maxValueBytes, over', signed('A=123', { maxValueBytes: 2 }), 'param_value_too_long');
    // The drop-in uses the defaults.
    const many = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`K${i}`, 'v']));
    const sig = pkg.getExpectedTwilioSignature(token, url, many);
    ok(pkg.validateRequest(token, sig, url, many) === false, 'validateRequest over the default', () => 'true');
    // verifyRequest: keys.limits.
    if (typeof Request === 'function') {
      const body = pairs(5);
      const signature = pkg.getExpectedTwilioSignature(token, url, Object.fromEntries(new URLSearchParams(body)));
      const request = () => new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body,
      });
      const small = await pkg.verifyRequest(request(), { authToken: token, limits: { maxParams: 4 } });
      expectReason('verifyRequest limits', small.verification, 'too_many_params');
      const fine = await pkg.verifyRequest(request(), { authToken: token, limits: { maxParams: 5 } });
      expectReason('verifyRequest limits, at', fine.verification, null);
      ok(fine.callbackError instanceof pkg.WebhookError && fine.callbackError.code === 'missing_field',
        'verifyRequest parses within the limits', () => describe(fine.callbackError));
    }
    // parseCallback: a WebhookError with the limit's code, no field; lenient lists it.
    try {
      pkg.parseCallback(pairs(3), { limits: { maxParams: 2 } });
      fail('parseCallback over a limit', 'no throw');
    } catch (e) {
      ok(e instanceof pkg.WebhookError && e.code === 'too_many_params' && e.field === undefined &&
        e.message === 'expected at most 2 parameters, got more', 'parseCallback over a limit', () => describe(e));
    }
    try {
      pkg.parseCallback(pairs(1001));
      fail('parseCallback over the default', 'no throw');
    } catch (e) {
      ok(e instanceof pkg.WebhookError && e.code === 'too_many_params', 'parseCallback over the default', () => describe(e));
    }
    const lenient = pkg.parseCallback(new URLSearchParams(pairs(3)), { lenient: true, limits: { maxParams: 2 } });
    ok(lenient.callback === undefined && lenient.kind === 'voice-request' && lenient.problems.length === 1 &&
      lenient.problems[0].code === 'too_many_params' && !('field' in lenient.problems[0]),
    'parseCallback lenient over a limit', () => describe(lenient));
    // signingString.
    try {
      pkg.signingString({ url, body: 'A=123' }, { limits: { maxBodyBytes: 4 } });
      fail('signingString over a limit', 'no throw');
    } catch (e) {
      ok(e instanceof pkg.WebhookError && e.code === 'body_too_large' && e.message.includes('max_body_bytes'),
        'signingString over a limit', () => describe(e));
    }
    ok(pkg.signingString({ url, body: 'A=1' }, { limits: { maxBodyBytes: 3 } }) === `${url}A1`, 'signingString at a limit',
      () => 'wrong');
    // Misuse: a TypeError with code invalid_argument, from every entry that takes limits.
    const bad = [5, 'x', [], { maxParams: -1 }, { maxParams: 1.5 }, { maxParams: '10' }, { maxParams: NaN },
      { maxBody: 10 }, { maxValueBytes: 10n }];
    const calls = [
      ['verify', (limits) => pkg.verify({ url, body: '', signature: null }, { authToken: token, limits })],
      ['parseCallback', (limits) => pkg.parseCallback('A=1', { limits })],
      ['signingString', (limits) => pkg.signingString({ url, body: '' }, { limits })],
    ];
    for (const [name, call] of calls) {
      for (const limits of bad) {
        const check = `${name} limits ${typeof limits === 'bigint' ? 'bigint' : describe(limits)}`;
        try {
          call(limits);
          fail(check, 'no throw');
        } catch (e) {
          ok(e instanceof TypeError && e.code === 'invalid_argument', check, () => describe(e));
        }
      }
    }
  } catch (e) {
    fail('threw', describe(e));
  }
}

export async function runKat(pkg, files) {
  const result = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const fail = (v, check, detail) => {
    result.failed++;
    result.failures.push({ id: v.id, case: v.case, check, detail });
  };
  // One check: `fn` returns a mismatch description (string) or null; throws are compared with
  // an expected error, if any.
  const check = async (v, name, fn) => {
    const wantError = v.expected.error ?? (v.expected.valid === false ? MISUSE[v.expected.reason] : undefined);
    try {
      const mismatch = await fn();
      if (wantError) fail(v, name, `returned, expected a TypeError with code ${wantError}`);
      else if (mismatch) fail(v, name, mismatch);
      else result.passed++;
    } catch (e) {
      if (wantError && e instanceof TypeError && e.code === wantError) result.passed++;
      else fail(v, name, `threw ${describe(e)}`);
    }
  };

  await checkLimits(pkg, result);
  const list = Array.isArray(files) ? files : [files];
  for (const c of list.flatMap((f) => f.callbacks ?? [])) await checkCallback(pkg, c, result);
  const lifecycles = list.flatMap((f) => f.lifecycles ?? []);
  if (lifecycles.length > 0) checkLifecycles(pkg, lifecycles, result);
  const vectors = list.flatMap((f) => f.vectors ?? []);
  for (const v of vectors) {
    const keys = { authTokens: v.auth_tokens, sharedKeys: v.shared_keys };
    const bytes = utf8.encode(v.body);
    const input = (body) => ({
      url: v.url,
      method: v.method,
      contentType: v.content_type,
      body,
      signature: v.signature,
      signatureSettings: v.signature_settings,
    });

    let verification;
    await check(v, 'verify/bytes', () => {
      verification = pkg.verify(input(bytes), keys);
      return compare(verification, v.expected);
    });
    await check(v, 'verify/string', () => compare(pkg.verify(input(v.body), keys), v.expected));

    if (verification && verification.valid === false) {
      await check(v, 'hints', () => {
        if (!Array.isArray(verification.hints)) return `hints is ${describe(verification.hints)}`;
        const json = JSON.parse(JSON.stringify(verification));
        if (!Array.isArray(json.hints)) return 'JSON.stringify dropped hints';
        const bad = verification.hints.find(
          (h) => typeof h.code !== 'string' || typeof h.confirmed !== 'boolean' || typeof h.message !== 'string',
        );
        return bad ? `malformed hint ${describe(bad)}` : null;
      });
    }

    if (typeof Request === 'function' && typeof pkg.verifyRequest === 'function') {
      let request;
      try {
        const headers = new Headers();
        if (v.content_type != null) headers.set('content-type', v.content_type);
        if (v.signature != null) headers.set('x-twilio-signature', v.signature);
        if (v.signature_settings != null) headers.set('x-twilio-webhooks-signature-settings', v.signature_settings);
        const values = [v.content_type, v.signature, v.signature_settings];
        if (values.some((x) => x != null && /^[ \t]|[ \t]$/.test(x))) throw new Error('not transportable');
        request = new Request('https://kat.invalid/webhook', {
          method: v.method,
          headers,
          body: v.method === 'GET' ? undefined : bytes,
        });
      } catch {
        request = undefined; // a header value HTTP cannot carry as is
      }
      if (request) {
        await check(v, 'verifyRequest', async () => {
          const got = await pkg.verifyRequest(request, { ...keys, url: v.url });
          return compare(got.verification, v.expected);
        });
      } else {
        result.skipped++;
      }
    }

    const dropIn = v.auth_tokens.length === 1 && v.shared_keys.length === 0 && !v.signature_settings;
    if (!dropIn) {
      result.skipped++;
      continue;
    }
    const want = v.expected_dropin ?? v.expected.valid;
    const token = v.auth_tokens[0];
    const sig = v.signature ?? '';
    const expectBool = (got) => (got === want ? null : `returned ${describe(got)}, expected ${want}`);
    switch (dropInKind(v)) {
      case 'get':
        await check(v, 'drop-in/validateRequest', () => expectBool(pkg.validateRequest(token, sig, v.url, {})));
        break;
      case 'form':
        await check(v, 'drop-in/validateRequest', () => expectBool(pkg.validateRequest(token, sig, v.url, v.params)));
        break;
      default:
        await check(v, 'drop-in/validateRequestWithBody', () =>
          expectBool(pkg.validateRequestWithBody(token, sig, v.url, v.body)));
        await check(v, 'drop-in/validateRequestWithBody/bytes', () =>
          expectBool(pkg.validateRequestWithBody(token, sig, v.url, bytes)));
    }
  }
  return result;
}
