// The Node half of tests/js/soak.test.mjs, run from the consumer project (the installed tarball):
//
//   node --expose-gc soak-node.mjs <updates> <seed>
//
// Feeds signed webhook deliveries (soak-calls.mjs) through the package, one after another: each
// is validated (verify with a string or bytes body, validateRequest, or verifyRequest on a fetch
// Request), and each valid one is applied to its call's tracker in a CallStore, until <updates>
// events are applied. Every 2.5 % of the run it collects garbage and samples process memory and
// the wasm instance's memory. Prints one JSON line.
import * as tw from 'twilio-webhook';
// The same module instance as the package's (same file): its initSync() returns the instance's
// exports once initialised, `memory` among them. Nothing else of it is used.
import * as glue from './node_modules/twilio-webhook/dist/twilio_webhook.js';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CallStore, Deliveries, paramsOf } from './soak-calls.mjs';

const [updatesArg = '200000', seedArg = '7'] = process.argv.slice(2);
const UPDATES = Number(updatesArg);
const TOKEN = 'soak-auth-token-0123456789abcdef';
const URL_BASE = 'https://hooks.example.com/twilio/status';
const FORM = 'application/x-www-form-urlencoded';

function sign(url, body) {
  const p = new URLSearchParams(body);
  let s = url;
  for (const k of [...new Set(p.keys())].sort()) for (const v of p.getAll(k).sort()) s += k + v;
  return createHmac('sha1', TOKEN).update(s, 'utf8').digest('base64');
}

// The instance in use: the glue answers a call without initialising (it would throw otherwise).
glue.codeTables();
const exports = glue.initSync();
if (!(exports.memory instanceof WebAssembly.Memory)) throw new Error('no wasm memory in the glue exports');
const wasmBytes = () => exports.memory.buffer.byteLength;
const tableLength = () => exports.__wbindgen_externrefs?.length ?? -1;

const scenarios = JSON.parse(readFileSync('lifecycles.json', 'utf8'));
const gen = new Deliveries(scenarios, { seed: Number(seedArg), url: URL_BASE, sign, ordered: true });
const store = new CallStore(tw);
const encoder = new TextEncoder();
const ops = { validations: 0, updates: 0, rejected: 0, hintsRead: 0 };
const failures = [];
const fail = (what, d, detail) => failures.length < 10 && failures.push({ what, call: d.call, scenario: d.scenario, api: d.api, detail: String(detail) });
const samples = [];

function sample() {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  samples.push({
    updates: ops.updates,
    ms: Math.round(performance.now() - t0),
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    wasm: wasmBytes(),
    table: tableLength(),
    ...store.report(),
  });
}

const t0 = performance.now();
sample();
let nextSample = UPDATES / 40;
while (ops.updates < UPDATES) {
  const d = gen.next();
  ops.validations++;
  let valid;
  let callback;
  let verification;
  try {
    if (d.api === 'validateRequest') {
      valid = tw.validateRequest(TOKEN, d.signature, d.url, paramsOf(d.body));
    } else if (d.api === 'verifyRequest') {
      const request = new Request(d.url, {
        method: 'POST',
        headers: { 'content-type': FORM, 'x-twilio-signature': d.signature },
        body: d.body,
      });
      const r = await tw.verifyRequest(request, { authToken: TOKEN });
      verification = r.verification;
      valid = verification.valid;
      callback = r.callback;
      if (valid && !callback) fail('no callback from verifyRequest', d, r.callbackError?.message);
    } else {
      const body = d.api === 'verify-bytes' ? encoder.encode(d.body) : d.body;
      verification = tw.verify({ url: d.url, contentType: FORM, body, signature: d.signature }, { authToken: TOKEN });
      valid = verification.valid;
    }
  } catch (e) {
    fail('validation threw', d, e && e.stack);
    continue;
  }
  if (valid === d.tampered) {
    fail(d.tampered ? 'tampered delivery accepted' : 'signed delivery rejected', d, verification?.reason);
    continue;
  }
  if (!valid) {
    ops.rejected++;
    // The diagnosis of one rejection in eight (it re-computes many candidates: the slow path).
    if (verification && ops.rejected % 8 === 0) {
      if (!Array.isArray(verification.hints)) fail('no hints', d, JSON.stringify(verification));
      ops.hintsRead++;
    }
    continue;
  }
  let event;
  if (d.event === 'parsed') event = callback ?? tw.parseCallback(d.body);
  else if (d.event === 'bytes') event = encoder.encode(d.body);
  else if (d.event === 'params') event = new URLSearchParams(d.body);
  else event = d.body;
  try {
    store.apply(d, event);
  } catch (e) {
    fail('apply threw', d, e && e.stack);
  }
  ops.updates++;
  if (ops.updates >= nextSample) {
    sample();
    nextSample += UPDATES / 40;
  }
}
const elapsedMs = Math.round(performance.now() - t0);
console.log(JSON.stringify({
  ops,
  elapsedMs,
  instances: gen.instances,
  checkable: gen.checked,
  store: store.report(),
  mismatches: store.mismatches,
  failures,
  gc: typeof globalThis.gc === 'function',
  samples,
}));
