// The workerd half of tests/js/soak.test.mjs (wrangler dev, no nodejs_compat). A webhook server
// that keeps one tracker per call in module scope (a CallStore: finished calls evicted FIFO, idle
// calls expired), fed by the test's client over loopback:
//
//   POST /hook?call=..&subject=..&n=..   one signed Twilio callback, verified by withTwilioWebhook
//                                        (verifyRequest on the real Request), then applied
//   POST /batch                          { items: [{ url, body, signature, api, event, call, ... }] }:
//                                        each item validated (verify with a string or bytes body,
//                                        validateRequest, or verifyRequest on a Request built
//                                        here) and, when valid, applied; answers { bits, failures }
//                                        (bits: '1' per valid item)
//   GET  /memory                         { wasm, table, store }: the wasm instance's memory and
//                                        externref table sizes, and the store's counters
//   GET  /robust?seed=..&cases=..        a portion of tests/js/robust.mjs, in workerd
import * as tw from 'twilio-webhook';
// The same module instance as the package's (the same file, bundled once): its initSync()
// returns the instance's exports once initialised, `memory` among them. (The package's exports
// map has no such path: a relative import reaches the file.)
import * as glue from './node_modules/twilio-webhook/dist/twilio_webhook.js';
import { CallStore, paramsOf } from './soak-calls.mjs';
import { runRobust } from './robust.mjs';
import robustData from './robust-data.json';

const FORM = 'application/x-www-form-urlencoded';
const encoder = new TextEncoder();
const store = new CallStore(tw);
const counters = { validations: 0, rejected: 0, hooks: 0, batches: 0 };

function memory() {
  glue.codeTables(); // throws if this glue were not the initialised one
  const exports = glue.initSync();
  return { wasm: exports.memory.buffer.byteLength, table: exports.__wbindgen_externrefs?.length ?? -1 };
}

/** The delivery fields the store reads, from the signed URL's query. */
function deliveryOf(url) {
  const q = new URL(url).searchParams;
  return {
    call: q.get('call'),
    subject: q.get('subject'),
    n: Number(q.get('n')),
    final: q.get('final') ?? undefined,
    opt: q.has('opt') ? Number(q.get('opt')) : undefined,
    scenario: '',
  };
}

const hook = tw.withTwilioWebhook(
  (request, { callback }) => {
    counters.hooks++;
    counters.validations++;
    if (!callback) return new Response('not a Voice callback', { status: 400 });
    const applied = store.apply(deliveryOf(request.url), callback);
    return Response.json({ effect: applied.effect });
  },
  (request, env) => ({ authToken: env.TWILIO_AUTH_TOKEN }),
);

async function batch(request, env) {
  counters.batches++;
  const { items } = await request.json();
  const token = env.TWILIO_AUTH_TOKEN;
  let bits = '';
  const failures = [];
  for (const d of items) {
    counters.validations++;
    let valid;
    let callback;
    let verification;
    try {
      if (d.api === 'validateRequest') {
        valid = tw.validateRequest(token, d.signature, d.url, paramsOf(d.body));
      } else if (d.api === 'verifyRequest') {
        const r = await tw.verifyRequest(new Request(d.url, {
          method: 'POST',
          headers: { 'content-type': FORM, 'x-twilio-signature': d.signature },
          body: d.body,
        }), { authToken: token });
        verification = r.verification;
        valid = verification.valid;
        callback = r.callback;
      } else {
        const body = d.api === 'verify-bytes' ? encoder.encode(d.body) : d.body;
        verification = tw.verify({ url: d.url, contentType: FORM, body, signature: d.signature }, { authToken: token });
        valid = verification.valid;
      }
      bits += valid ? '1' : '0';
      if (!valid) {
        counters.rejected++;
        if (verification && counters.rejected % 8 === 0 && !Array.isArray(verification.hints)) failures.push('no hints');
        continue;
      }
      let event;
      if (d.event === 'parsed') event = callback ?? tw.parseCallback(d.body);
      else if (d.event === 'bytes') event = encoder.encode(d.body);
      else if (d.event === 'params') event = new URLSearchParams(d.body);
      else event = d.body;
      store.apply(d, event);
    } catch (e) {
      bits += 'x';
      if (failures.length < 5) failures.push(`${d.api}/${d.event} ${d.call}: ${e && e.stack}`);
    }
  }
  return Response.json({ bits, failures });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (request.method === 'POST' && url.pathname === '/hook') return await hook(request, env);
      if (request.method === 'POST' && url.pathname === '/batch') return await batch(request, env);
      if (url.pathname === '/memory') return Response.json({ ...memory(), store: store.report(), mismatches: store.mismatches, counters });
      if (url.pathname === '/robust') {
        const seed = Number(url.searchParams.get('seed') ?? 1);
        const cases = Number(url.searchParams.get('cases') ?? 200);
        return Response.json({ ...(await runRobust(tw, robustData, { seed, cases, huge: 0.5 })), memory: memory() });
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return Response.json({ error: String(e && e.stack || e) }, { status: 500 });
    }
  },
};
