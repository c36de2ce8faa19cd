// The integrations against real frameworks and runtimes, from the PACKED package installed by
// tests/js/install-pkg.sh into $JS_WORK/consumer (nothing is packed or installed here):
//   * webhook() in real Express (npm devDependency) on 127.0.0.1: valid, tampered, missing header,
//     no token, rotation, JSON body (bodySHA256), raw body, behind a simulated proxy; and a plain
//     node:http server (Connect style).
//   * examples/worker (a CallTree per call in a Durable Object) under wrangler dev: a signed
//     lifecycle scenario posted out of order with a duplicate, a tampered request, the outcome read.
//   * The README quick starts, extracted from README.md (the code block after each
//     `<!-- snippet: NAME -->` line) and run as written: Express (node), Cloudflare Workers
//     (wrangler dev), Deno (deno serve), Bun (Bun.serve), a Next.js route handler (its POST export).
// Requests are real HTTP requests from node's fetch, signed by the official `twilio` helper
// (devDependency) as an independent oracle.
//
//   node --test tests/js/integrations.test.mjs        (after make test-js's install step)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse as qsParse } from 'node:querystring';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, live, start as startProc, stop } from './procs.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORK = resolve(ROOT, process.env.JS_WORK ?? 'tests/js/.work');
const CONSUMER = join(WORK, 'consumer');
const SNIPPETS = join(CONSUMER, 'readme');
const BIN = join(ROOT, 'node_modules', '.bin');
const TOKEN = '12345-test-token';
const OLD_TOKEN = 'old-token-before-rotation';

const require = createRequire(join(ROOT, 'package.json'));
const oracle = require('twilio/lib/webhooks/webhooks.js');
const express = require('express');

/** A ringing inbound call's TwiML request. */
const PARAMS = {
  AccountSid: 'ACe268443e43d93dab7ebef303bbe9642f',
  ApiVersion: '2010-04-01',
  CallSid: 'CAd0e45878043844ffc41aac437e86b602',
  CallStatus: 'ringing',
  Called: '+16175550199',
  Caller: '+14155550123',
  Direction: 'inbound',
  From: '+14155550123',
  To: '+16175550199',
};
const FORM = new URLSearchParams(PARAMS).toString();
const FORM_TYPE = 'application/x-www-form-urlencoded';


/** `start` (procs.mjs) in the consumer project unless told otherwise. */
function start(name, cmd, args, opts = {}) {
  return startProc(name, cmd, args, { cwd: CONSUMER, ...opts });
}

/** Waits until the server answers any HTTP request on base. */
async function ready(proc, base, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    assert.ok(proc.child.exitCode === null, `${proc.name} exited:\n${proc.log}`);
    assert.ok(Date.now() < deadline, `${proc.name} not answering after ${ms / 1000} s:\n${proc.log}`);
    const res = await fetch(base, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (res) {
      await res.arrayBuffer();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** POSTs a form body signed (by twilio-node) for `url`, to `target` (default: url). */
function postSigned(url, { target = url, token = TOKEN, params = PARAMS, body, headers = {} } = {}) {
  return fetch(target, {
    method: 'POST',
    headers: {
      'content-type': FORM_TYPE,
      'x-twilio-signature': oracle.getExpectedTwilioSignature(token, url, params),
      ...headers,
    },
    body: body ?? new URLSearchParams(params).toString(),
  });
}

/** The README code block after `<!-- snippet: name -->`. */
function snippets() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const out = {};
  for (const m of readme.matchAll(/^<!-- snippet: (\S+) -->\n```[a-z]*\n([\s\S]*?)\n```$/gm)) out[m[1]] = m[2] + '\n';
  return out;
}

const servers = {};

before(async () => {
  const installed = join(CONSUMER, 'node_modules', 'twilio-webhook', 'package.json');
  assert.ok(existsSync(installed), `${installed} missing: run \`make test-js\` (packs and installs pkg/)`);
  const code = snippets();
  for (const name of ['dropin.mjs', 'verify-request.mjs', 'typed.mjs', 'limits.mjs', 'express.mjs', 'worker.mjs', 'deno.mjs', 'bun.mjs', 'next-route.mjs']) {
    assert.ok(code[name], `README.md has no <!-- snippet: ${name} --> code block`);
  }
  rmSync(SNIPPETS, { recursive: true, force: true });
  mkdirSync(join(SNIPPETS, 'worker'), { recursive: true });
  for (const [name, text] of Object.entries(code)) writeFileSync(join(SNIPPETS, name), text);
  copyFileSync(join(SNIPPETS, 'worker.mjs'), join(SNIPPETS, 'worker', 'worker.mjs'));
  writeFileSync(join(SNIPPETS, 'worker', 'wrangler.toml'),
    'name = "twilio-webhook-readme"\nmain = "worker.mjs"\ncompatibility_date = "2026-04-01"\n');

  // examples/worker, as a user would run it, with the installed tarball as its dependency.
  const example = join(WORK, 'worker-example');
  rmSync(example, { recursive: true, force: true });
  for (const f of ['src', 'wrangler.toml', 'package.json']) cpSync(join(ROOT, 'examples', 'worker', f), join(example, f), { recursive: true });
  cpSync(join(CONSUMER, 'node_modules', 'twilio-webhook'), join(example, 'node_modules', 'twilio-webhook'), { recursive: true });

  const env = { TWILIO_AUTH_TOKEN: TOKEN };
  const [pe, pd, pb, pw, pi] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  servers.express = { base: `http://127.0.0.1:${pe}`, proc: start('express (README)', process.execPath, [join(SNIPPETS, 'express.mjs')], { env: { ...env, PORT: String(pe) } }) };
  servers.deno = {
    base: `http://127.0.0.1:${pd}`,
    proc: start('deno serve (README)', join(BIN, 'deno'),
      ['serve', '--no-lock', '--allow-env=TWILIO_AUTH_TOKEN', '--host', '127.0.0.1', '--port', String(pd), join(SNIPPETS, 'deno.mjs')], { env }),
  };
  servers.bun = { base: `http://127.0.0.1:${pb}`, proc: start('bun (README)', join(BIN, 'bun'), [join(SNIPPETS, 'bun.mjs')], { env: { ...env, PORT: String(pb) } }) };
  servers.workerd = {
    base: `http://127.0.0.1:${pw}`,
    proc: start('wrangler dev (README)', join(BIN, 'wrangler'),
      ['dev', '--ip', '127.0.0.1', '--port', String(pw), '--inspector-port', String(pi), '--var', `TWILIO_AUTH_TOKEN:${TOKEN}`],
      {
        cwd: join(SNIPPETS, 'worker'),
        env: { WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(WORK, 'wrangler-logs'), XDG_CONFIG_HOME: join(WORK, 'xdg') },
      }),
  };
  await Promise.all(Object.values(servers).map((s) => ready(s.proc, s.base)));
});

after(async () => {
  await Promise.all(Object.values(servers).map((s) => stop(s.proc)));
});

/** The three checks every README server passes: valid (TwiML from the callback), tampered, missing. */
async function readmeChecks(base) {
  const url = `${base}/voice`;
  const ok = await postSigned(url);
  const text = await ok.text();
  assert.equal(ok.status, 200, text);
  assert.equal(text, '<Response><Say>Call ringing</Say></Response>');
  assert.match(ok.headers.get('content-type'), /^text\/xml/);

  const tampered = await postSigned(url, { body: FORM.replace('ringing', 'completed') });
  assert.equal(tampered.status, 403);
  assert.match(await tampered.text(), /signature_mismatch/);

  const missing = await fetch(url, { method: 'POST', headers: { 'content-type': FORM_TYPE }, body: FORM });
  assert.equal(missing.status, 400);
  assert.match(await missing.text(), /X-Twilio-Signature/);
}

describe('examples/worker: a CallTree per call in a Durable Object (wrangler dev)', () => {
  // Its own wrangler, with its own config directory, started after the others are up: wrangler dev
  // sessions sharing one config directory register with each other (the local dev registry).
  let example;
  before(async () => {
    const [port, inspector] = await Promise.all([freePort(), freePort()]);
    const dir = join(WORK, 'worker-example');
    example = {
      base: `http://127.0.0.1:${port}`,
      proc: start('wrangler dev (examples/worker)', join(BIN, 'wrangler'),
        ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
         '--var', `TWILIO_AUTH_TOKEN:${TOKEN}`, '--persist-to', join(dir, '.state')],
        {
          cwd: dir,
          env: { WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(WORK, 'wrangler-logs-example'), XDG_CONFIG_HOME: join(WORK, 'xdg-example') },
        }),
    };
    await ready(example.proc, example.base);
  });
  after(() => example && stop(example.proc));

  test('a signed lifecycle posted out of order, with a duplicate and a tampered request', async () => {
    const file = join(ROOT, 'tests', 'vectors', 'lifecycles', 'tree-one-child-answered.json');
    const scenario = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(scenario.permutable, 'the scenario must not depend on arrival order');
    const url = `${example.base}/twilio/callbacks`;
    const bodies = scenario.events.map((e) => e.body);
    // Out of order: every event after its successors, then the first one again (a retry).
    const arrivals = [...bodies].reverse().concat([bodies[0]]);
    const effects = [];
    for (const body of arrivals) {
      const res = await postSigned(url, { params: qsParse(body), body });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      effects.push(JSON.parse(text).effect);
    }
    assert.ok(effects.includes('late'), `no late arrival among ${effects}`);
    assert.ok(['duplicate', 'late'].includes(effects.at(-1)), `the retry was ${effects.at(-1)}`);

    // A tampered copy is refused and changes nothing.
    const tampered = await postSigned(url, { params: qsParse(bodies[0]), body: bodies[0].replace('ringing', 'busy') });
    assert.equal(tampered.status, 403);

    const res = await fetch(`${example.base}/calls/${scenario.final.root}`);
    const state = await res.json();
    assert.equal(state.outcome.outcome, scenario.final.outcome.outcome, JSON.stringify(state.outcome));
    assert.equal(state.outcome.callSid, scenario.final.outcome.callSid);
    for (const [sid, leg] of Object.entries(scenario.final.legs)) {
      assert.equal(state.legs[sid]?.status, leg.status, sid);
      assert.equal(state.legs[sid]?.outcome.outcome, leg.outcome, sid);
    }
  });
});

describe('README programs, run as written', () => {
  // Each prints one line, stated in its last comment: `// prints: <line>`.
  for (const name of ['dropin.mjs', 'verify-request.mjs', 'typed.mjs', 'limits.mjs']) {
    test(name, async () => {
      const text = readFileSync(join(SNIPPETS, name), 'utf8');
      const want = text.match(/^\/\/ prints: (.*)$/m)?.[1];
      assert.ok(want, `${name} states no "// prints:" line`);
      const child = spawn(process.execPath, [join(SNIPPETS, name)], { cwd: CONSUMER });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise((done) => child.on('close', done));
      assert.equal(code, 0, out);
      assert.equal(out.trim(), want);
    });
  }

  test('the Call lifecycle section shows examples/worker/src/index.js exactly', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = readme.match(/^<!-- example: examples\/worker\/src\/index\.js -->\n```js\n([\s\S]*?)```$/m)?.[1];
    assert.equal(block, readFileSync(join(ROOT, 'examples', 'worker', 'src', 'index.js'), 'utf8'));
  });
});

describe('README quick starts, run as written', () => {
  test('Express (node)', () => readmeChecks(servers.express.base));
  test('Cloudflare Workers (wrangler dev)', () => readmeChecks(servers.workerd.base));
  test('Deno (deno serve)', () => readmeChecks(servers.deno.base));
  test('Bun (Bun.serve)', () => readmeChecks(servers.bun.base));

  test('Next.js route handler (the POST export, fetch Requests in Node)', async () => {
    const url = 'https://example.com/voice';
    process.env.TWILIO_AUTH_TOKEN = TOKEN;
    process.env.TWILIO_WEBHOOK_URL = url;
    try {
      const { POST } = await import(pathToFileURL(join(SNIPPETS, 'next-route.mjs')).href);
      // Next.js hands the handler the internal URL; the signature is over the public one.
      const req = (body, sig) => new Request('http://localhost:3000/voice', {
        method: 'POST',
        headers: { 'content-type': FORM_TYPE, ...(sig ? { 'x-twilio-signature': sig } : {}) },
        body,
      });
      const sig = oracle.getExpectedTwilioSignature(TOKEN, url, PARAMS);
      const ok = await POST(req(FORM, sig), { params: Promise.resolve({}) });
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), '<Response><Say>Call ringing</Say></Response>');
      assert.equal((await POST(req(FORM + '&x=1', sig))).status, 403);
      assert.equal((await POST(req(FORM))).status, 400);
    } finally {
      delete process.env.TWILIO_WEBHOOK_URL;
      delete process.env.TWILIO_AUTH_TOKEN;
    }
  });
});

describe('webhook() in Express (in-process, 127.0.0.1)', () => {
  let server;
  let base;
  let pkg;

  before(async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    pkg = await import(pathToFileURL(join(CONSUMER, 'node_modules', 'twilio-webhook', 'dist', 'node.mjs')).href);
    const { webhook } = pkg;
    const app = express();
    const echo = (req, res) => res.json({ ...req.twilio, body: Buffer.isBuffer(req.body) ? req.body.toString() : req.body });
    const form = express.urlencoded({ extended: false });
    app.post('/voice', form, webhook({ authToken: TOKEN }), echo);
    app.post('/rotate', form, webhook({ authToken: TOKEN, authTokens: [OLD_TOKEN] }), echo);
    app.post('/raw', express.raw({ type: '*/*' }), webhook(TOKEN), echo);
    app.post('/json', express.json({ verify: (req, res, buf) => { req.rawBody = buf; } }), webhook({ authToken: TOKEN }), echo);
    app.post('/json-parsed', express.json(), webhook({ authToken: TOKEN }), echo);
    app.post('/notoken', form, webhook(), echo);
    app.post('/proxied', form, webhook({ authToken: TOKEN, trustProxy: true }), echo);
    app.post('/public', form, webhook({ authToken: TOKEN, protocol: 'https', host: 'example.com' }), echo);
    app.get('/get', webhook({ authToken: TOKEN }), echo);
    app.post('/few', form, webhook({ authToken: TOKEN, limits: { maxParams: 5 } }), echo);
    app.post('/small', express.raw({ type: '*/*' }), webhook({ authToken: TOKEN, limits: { maxBodyBytes: 100 } }), echo);
    app.post('/short', form, webhook({ authToken: TOKEN, limits: { maxUrlBytes: 30 } }), echo);
    app.use((err, req, res, next) => res.status(500).json({ error: err.message, code: err.code }));
    server = await new Promise((done) => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    base = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((done) => server.close(done)));

  test('valid form POST: req.twilio has the verification and the callback', async () => {
    const res = await postSigned(`${base}/voice?a=1&b=two`);
    const out = await res.json();
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.deepEqual(out.verification, { valid: true, keyIndex: 0, urlVariant: 'as-received', algorithm: 'HMAC_SHA1', path: 'form' });
    assert.equal(out.callback.kind, 'voice-request');
    assert.equal(out.callback.callStatus, 'ringing');
    assert.equal(out.callback.from.raw, '+14155550123');
    assert.equal(out.body.CallStatus, 'ringing');
  });

  test('tampered body, wrong token, missing header, no token configured', async () => {
    const url = `${base}/voice`;
    const tampered = await postSigned(url, { body: FORM.replace('ringing', 'completed') });
    assert.equal(tampered.status, 403);
    assert.equal(await tampered.text(), 'Twilio Request Validation Failed: signature_mismatch');
    assert.equal((await postSigned(url, { token: 'another-token' })).status, 403);
    const missing = await fetch(url, { method: 'POST', headers: { 'content-type': FORM_TYPE }, body: FORM });
    assert.equal(missing.status, 400);
    const none = await postSigned(`${base}/notoken`);
    assert.equal(none.status, 500);
    assert.match(await none.text(), /auth token/);
  });

  test('TWILIO_AUTH_TOKEN from the environment, read per request', async () => {
    process.env.TWILIO_AUTH_TOKEN = TOKEN;
    try {
      assert.equal((await postSigned(`${base}/notoken`)).status, 200);
    } finally {
      delete process.env.TWILIO_AUTH_TOKEN;
    }
  });

  test('token rotation: authTokens', async () => {
    const res = await postSigned(`${base}/rotate`, { token: OLD_TOKEN });
    const out = await res.json();
    assert.equal(res.status, 200);
    assert.equal(out.verification.keyIndex, 1);
  });

  test('raw body (express.raw Buffer)', async () => {
    const res = await postSigned(`${base}/raw`);
    const out = await res.json();
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.equal(out.callback.callSid, PARAMS.CallSid);
    assert.equal(out.body, FORM);
    assert.equal((await postSigned(`${base}/raw`, { body: FORM + '&Extra=1' })).status, 403);
  });

  test('JSON body: bodySHA256 over req.rawBody', async () => {
    const body = JSON.stringify({ event: 'com.twilio.voice.status', data: { n: 1 } });
    const url = `${base}/json?bodySHA256=${oracle.getExpectedBodyHash(body)}`;
    const headers = { 'content-type': 'application/json', 'x-twilio-signature': oracle.getExpectedTwilioSignature(TOKEN, url, {}) };
    const res = await fetch(url, { method: 'POST', headers, body });
    const out = await res.json();
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.equal(out.verification.path, 'body-hash');
    assert.equal(out.callback, undefined);
    assert.deepEqual(out.body, JSON.parse(body));
    const changed = await fetch(url, { method: 'POST', headers, body: body.replace('1', '2') });
    assert.equal(changed.status, 403);
    assert.equal(await changed.text(), 'Twilio Request Validation Failed: body_hash_mismatch');
    // Parsed without the raw bytes: a clear error, not a silent 403.
    const parsedUrl = url.replace('/json?', '/json-parsed?');
    const parsed = await fetch(parsedUrl, { method: 'POST', headers: { ...headers, 'x-twilio-signature': oracle.getExpectedTwilioSignature(TOKEN, parsedUrl, {}) }, body });
    assert.equal(parsed.status, 500);
    assert.match((await parsed.json()).error, /raw bytes/);
  });

  test('GET: parameters in the query', async () => {
    const url = `${base}/get?${FORM}`;
    const res = await fetch(url, { headers: { 'x-twilio-signature': oracle.getExpectedTwilioSignature(TOKEN, url, {}) } });
    const out = await res.json();
    assert.equal(res.status, 200, JSON.stringify(out));
    assert.equal(out.callback.callStatus, 'ringing');
  });

  test('behind a proxy: X-Forwarded-* only with trustProxy; protocol/host options', async () => {
    const port = server.address().port;
    const pub = 'https://hooks.example.com/proxied';
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hooks.example.com' };
    const res = await postSigned(pub, { target: `${base}/proxied`, headers: forwarded });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal((await res.json()).callback.callStatus, 'ringing');
    // Without trustProxy the forwarded headers are ignored: the URL is http://127.0.0.1:port/voice.
    const ignored = await postSigned('https://hooks.example.com/voice', { target: `${base}/voice`, headers: forwarded });
    assert.equal(ignored.status, 403);
    // ... and a signature over the local URL does not pass /proxied when a client forges the headers.
    const forged = await postSigned(`http://127.0.0.1:${port}/proxied`, { target: `${base}/proxied`, headers: forwarded });
    assert.equal(forged.status, 403);
    const fixed = await postSigned('https://example.com/public', { target: `${base}/public` });
    assert.equal(fixed.status, 200);
  });

  test('limits: 413 for a body over its limit, 414 for a URL, 403 with the reason otherwise', async () => {
    const few = await postSigned(`${base}/few`);
    assert.equal(few.status, 403);
    assert.equal(await few.text(), 'Twilio Request Validation Failed: too_many_params');
    const small = await postSigned(`${base}/small`);
    assert.equal(small.status, 413);
    assert.equal(await small.text(), 'Twilio Request Validation Failed: body_too_large');
    const short = await postSigned(`${base}/short?a=1`);
    assert.equal(short.status, 414);
    assert.equal(await short.text(), 'Twilio Request Validation Failed: url_too_long');
    // Within the limits, as usual.
    assert.equal((await postSigned(`${base}/voice`)).status, 200);
    // Misconfigured limits throw when the middleware is made.
    assert.throws(() => pkg.webhook({ authToken: TOKEN, limits: { maxParams: -1 } }), (e) => e instanceof TypeError && e.code === 'invalid_argument');
    // withTwilioWebhook answers the same way.
    const handler = pkg.withTwilioWebhook(() => new Response('ok'), { authToken: TOKEN, limits: { maxBodyBytes: 100 } });
    const url = 'https://example.com/voice';
    const request = (body) => new Request(url, {
      method: 'POST',
      headers: { 'content-type': FORM_TYPE, 'x-twilio-signature': oracle.getExpectedTwilioSignature(TOKEN, url, PARAMS) },
      body,
    });
    const big = await handler(request(FORM));
    assert.equal(big.status, 413);
    assert.equal(await big.text(), 'Twilio Request Validation Failed: body_too_large');
    const roomy = pkg.withTwilioWebhook(() => new Response('ok'), { authToken: TOKEN, limits: { maxBodyBytes: FORM.length } });
    assert.equal((await roomy(request(FORM))).status, 200);
  });

  test('Connect style: a plain node:http server with req.rawBody', async () => {
    const mw = pkg.webhook({ authToken: TOKEN });
    const plain = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c)).on('end', () => {
        req.rawBody = Buffer.concat(chunks);
        mw(req, res, (err) => {
          res.statusCode = err ? 500 : 200;
          res.end(err ? String(err) : req.twilio.callback.callStatus);
        });
      });
    });
    await new Promise((done) => plain.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${plain.address().port}/hook`;
      const ok = await postSigned(url);
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), 'ringing');
      assert.equal((await postSigned(url, { body: FORM + '&x=1' })).status, 403);
    } finally {
      await new Promise((done) => plain.close(done));
    }
  });
});
