// Soak test of the PACKED package (installed by tests/js/install-pkg.sh into $JS_WORK/consumer):
// 200k webhook validations and 200k call-tracker updates, and memory must stay flat after warm-up.
//
//   * Node: tests/js/runners/soak-node.mjs in a child process (node --expose-gc), the deliveries
//     validated one after another (verify, validateRequest, verifyRequest on fetch Requests) and
//     applied to per-call CallTracker / CallTree state (kept live, as toJSON() objects or JSON
//     text, restored per event), finished calls evicted.
//   * workerd: tests/js/runners/soak-worker.mjs under `wrangler dev` (no nodejs_compat), its trackers
//     in module scope, fed over loopback by a client here with SOAK_CONCURRENCY requests in flight:
//     batches of signed deliveries (POST /batch) and single real webhooks (POST /hook, through
//     withTwilioWebhook). Then a portion of the robustness suite (tests/js/robust.mjs) in workerd.
//
// The deliveries are the lifecycle scenarios of tests/vectors/lifecycles with fresh CallSids,
// many calls interleaved, permutable ones shuffled with a duplicate, 3 % tampered copies (which
// must be rejected); each call's final outcome is checked against its scenario (soak-calls.mjs).
//
// Memory is sampled every 5 % of the updates (Node: 2.5 %), and must stay flat from 25 % (warm-up done) on:
//   * the wasm instance's memory (`WebAssembly.Memory` byteLength) and externref table: must not
//     grow at all. Read through the wasm-bindgen glue's initSync(), which returns the live
//     instance's exports once initialised (same file, same module instance; the package itself
//     has no such export).
//   * Node: RSS and heapUsed after a full GC (gc() twice before every sample); RSS by the smaller
//     of its floor's and its ceiling's rise (rssRise: it swings by ~20 MB outside the V8 heap).
//   * workerd: the VmRSS of the workerd process running the Worker, and the isolate's V8 heap
//     through the inspector (wrangler's --inspector-port; a minimal CDP client below):
//     Runtime.getHeapUsage at every sample, and at 25 %, 50 %, 75 % and the end a heap snapshot
//     first, which collects garbage (workerd's inspector has no collectGarbage), with no request
//     in flight. The heap and RSS bounds apply to those collected points: in between, V8 lets
//     garbage pile up (tens of MB) and RSS follows it. wrangler's other workerd (its proxy, which
//     runs none of the package) is reported, not judged.
//
//   node --test tests/js/soak.test.mjs            (make test-soak packs and installs first)
//
// Environment: JS_WORK (default tests/js/.work), SOAK_UPDATES (default 200000), SOAK_SEED (7),
// SOAK_CONCURRENCY (12), SOAK_BATCH (100), SOAK_RSS_MB / SOAK_HEAP_MB / SOAK_WORKERD_RSS_MB / SOAK_WORKERD_HEAP_MB
// (the growth bounds), SOAK_ROBUST_CASES (cases per function in workerd, default 150).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deliveries, prng } from './soak-calls.mjs';
import { robustData } from './robust.mjs';
import { freePort, killAll, killGroup, live } from './procs.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORK = resolve(ROOT, process.env.JS_WORK ?? 'tests/js/.work');
const CONSUMER = join(WORK, 'consumer');
const WORKER = join(CONSUMER, 'soak-worker');
const BIN = join(ROOT, 'node_modules', '.bin');
const VECTORS = join(ROOT, 'tests', 'vectors');

const UPDATES = Number(process.env.SOAK_UPDATES ?? 200_000);
const SEED = Number(process.env.SOAK_SEED ?? 7);
const CONCURRENCY = Number(process.env.SOAK_CONCURRENCY ?? 12);
const BATCH = Number(process.env.SOAK_BATCH ?? 100);
const MB = 1024 * 1024;
// Growth allowed after warm-up (Node RSS: see rssRise).
const NODE_RSS = Number(process.env.SOAK_RSS_MB ?? 8) * MB;
const NODE_HEAP = Number(process.env.SOAK_HEAP_MB ?? 3) * MB;
const WORKERD_RSS = Number(process.env.SOAK_WORKERD_RSS_MB ?? 16) * MB;
const WORKERD_HEAP = Number(process.env.SOAK_WORKERD_HEAP_MB ?? 2) * MB;
const ROBUST_CASES = Number(process.env.SOAK_ROBUST_CASES ?? 150);
const TIMEOUT = 600_000;
const TOKEN = 'soak-auth-token-0123456789abcdef';

after(killAll);

/** X-Twilio-Signature (HMAC-SHA1 over the URL and the sorted form parameters), with node:crypto. */
function sign(url, body) {
  const p = new URLSearchParams(body);
  let s = url;
  for (const k of [...new Set(p.keys())].sort()) for (const v of p.getAll(k).sort()) s += k + v;
  return createHmac('sha1', TOKEN).update(s, 'utf8').digest('base64');
}

/**
 * A minimal Chrome DevTools Protocol client (WebSocket text frames, client side) for the V8 heap
 * figures of the Worker's isolate: `Runtime.getHeapUsage`, and `HeapProfiler.takeHeapSnapshot`,
 * which collects garbage first (workerd's inspector has no `HeapProfiler.collectGarbage`). Events
 * (the snapshot's chunks) are skipped unread. wrangler's inspector proxy wants an Origin header.
 */
async function inspectorClient(wsUrl) {
  const u = new URL(wsUrl);
  const socket = await new Promise((done, fail) => {
    const req = httpRequest({
      host: u.hostname,
      port: u.port,
      path: u.pathname,
      headers: {
        Connection: 'Upgrade', Upgrade: 'websocket', Origin: 'http://localhost',
        'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
    });
    req.on('upgrade', (res, sock, head) => {
      if (head.length) sock.unshift(head);
      done(sock);
    });
    req.on('response', (res) => fail(new Error(`inspector: no WebSocket upgrade (HTTP ${res.statusCode})`)));
    req.on('error', fail);
    req.end();
  });
  const pending = new Map();
  let chunks = [];
  let avail = 0;
  let message = [];
  let id = 0;
  const send = (op, payload) => {
    const mask = randomBytes(4);
    const n = payload.length;
    const head = n < 126 ? Buffer.from([0x80 | op, 0x80 | n]) : Buffer.from([0x80 | op, 0x80 | 126, n >> 8, n & 255]);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i & 3];
    socket.write(Buffer.concat([head, mask, body]));
  };
  const joined = () => {
    if (chunks.length > 1) chunks = [Buffer.concat(chunks)];
    return chunks[0];
  };
  socket.on('data', (d) => {
    chunks.push(d);
    avail += d.length;
    for (;;) {
      if (avail < 2) return;
      const b = joined();
      let len = b[1] & 127;
      let off = 2;
      if (len === 126) [len, off] = avail < 4 ? [Infinity, 4] : [b.readUInt16BE(2), 4];
      else if (len === 127) [len, off] = avail < 10 ? [Infinity, 10] : [Number(b.readBigUInt64BE(2)), 10];
      if (avail < off + len) return;
      const fin = b[0] & 0x80;
      const op = b[0] & 15;
      const payload = b.subarray(off, off + len);
      chunks = avail > off + len ? [b.subarray(off + len)] : [];
      avail -= off + len;
      if (op === 9) send(10, payload);
      if (op !== 1 && op !== 0) continue;
      message.push(payload);
      if (!fin) continue;
      const text = message.length === 1 ? message[0] : Buffer.concat(message);
      message = [];
      if (text.subarray(0, 5).toString() !== '{"id"') continue; // an event
      const msg = JSON.parse(text.toString('utf8'));
      pending.get(msg.id)?.(msg);
      pending.delete(msg.id);
    }
  });
  socket.on('error', () => {});
  return {
    call(method, params = {}) {
      return new Promise((done, fail) => {
        const i = ++id;
        const timer = setTimeout(() => {
          pending.delete(i);
          fail(new Error(`inspector: no answer to ${method}`));
        }, 60_000);
        pending.set(i, (m) => {
          clearTimeout(timer);
          if (m.error) fail(new Error(`inspector: ${method}: ${m.error.message}`));
          else done(m.result);
        });
        send(1, Buffer.from(JSON.stringify({ id: i, method, params })));
      });
    },
    close: () => socket.destroy(),
  };
}

const fmtMB = (b) => `${(b / MB).toFixed(1)} MB`;
const signedMB = (b) => `${b >= 0 ? '+' : ''}${fmtMB(b)}`;

/**
 * The samples from 25 % of the updates on: { at25, max, growth } for a field (max over the
 * samples after the warm-up, minus the value at the warm-up).
 */
function growth(samples, field, total) {
  const warm = samples.filter((s) => s.updates >= total * 0.25);
  const at25 = warm[0][field];
  const max = Math.max(...warm.map((s) => s[field]));
  return { at25, max, end: warm[warm.length - 1][field], growth: max - at25 };
}

/**
 * How far RSS rose from the second quarter of the run to the last, judged on the smaller of two
 * rises: of its floor (lowest sample) and of its ceiling (highest). Node's RSS outside the V8 heap
 * swings by ~20 MB after a full GC with heapTotal, heapUsed and wasm memory flat (seen: 106 <-> 125 MB
 * at random samples, in either quarter, with MALLOC_ARENA_MAX=1 and with a pinned semispace too),
 * so either figure alone moves by a swing when one quarter happens to catch no low (or no high)
 * sample. A leak lifts every sample, and so both figures.
 */
function rssRise(samples, field, total) {
  const q = (a, b) => samples.filter((s) => s.updates >= total * a && s.updates <= total * b).map((s) => s[field]);
  const [second, last] = [q(0.25, 0.5), q(0.75, 1)];
  const floor = Math.min(...last) - Math.min(...second);
  const ceiling = Math.max(...last) - Math.max(...second);
  return { floor, ceiling, rise: Math.min(floor, ceiling) };
}

let scenarios;

before(() => {
  const installed = join(CONSUMER, 'node_modules', 'twilio-webhook', 'package.json');
  assert.ok(existsSync(installed), `${installed} missing: run \`make test-soak\` (packs and installs pkg/)`);
  const dir = join(VECTORS, 'lifecycles');
  scenarios = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  assert.ok(scenarios.length >= 25, `only ${scenarios.length} lifecycle scenarios`);
  writeFileSync(join(CONSUMER, 'lifecycles.json'), JSON.stringify(scenarios));
  copyFileSync(join(HERE, 'soak-calls.mjs'), join(CONSUMER, 'soak-calls.mjs'));
  copyFileSync(join(HERE, 'runners', 'soak-node.mjs'), join(CONSUMER, 'soak-node.mjs'));
  rmSync(WORKER, { recursive: true, force: true });
  // wrangler's debug log holds every inspector message (the heap snapshots: tens of MB): the last run's only.
  rmSync(join(WORK, 'wrangler-logs-soak'), { recursive: true, force: true });
  mkdirSync(WORKER, { recursive: true });
  for (const f of ['soak-calls.mjs', 'robust.mjs']) copyFileSync(join(HERE, f), join(WORKER, f));
  copyFileSync(join(HERE, 'runners', 'soak-worker.mjs'), join(WORKER, 'soak-worker.mjs'));
  // The Worker's own copy of the installed package: wrangler watches every file of its bundle
  // (a rebuild pauses its proxy, which then answers in-flight POSTs with 503 "Your worker
  // restarted mid-request"); nothing else reads or writes these.
  cpSync(join(CONSUMER, 'node_modules', 'twilio-webhook'), join(WORKER, 'node_modules', 'twilio-webhook'), { recursive: true });
  writeFileSync(join(WORKER, 'wrangler.toml'),
    '# tests/js/soak.test.mjs: no nodejs_compat.\nname = "twilio-webhook-soak"\nmain = "soak-worker.mjs"\ncompatibility_date = "2026-04-01"\n');
  const cb = join(VECTORS, 'callbacks');
  writeFileSync(join(WORKER, 'robust-data.json'), JSON.stringify(robustData({
    signatureFiles: ['documented.json', 'generated.json'].map((f) => JSON.parse(readFileSync(join(VECTORS, 'signature', f), 'utf8'))),
    callbackBodies: readdirSync(cb).filter((f) => /\.(form|query)$/.test(f)).sort().map((f) => readFileSync(join(cb, f), 'utf8')),
    lifecycleScenarios: scenarios,
  })));
});

function summary(name, ops, ms, first, last, extra = '') {
  return `${name}: ${ops.validations} validations + ${ops.updates} tracker updates in ${(ms / 1000).toFixed(1)} s ` +
    `(${Math.round((ops.validations + ops.updates) / (ms / 1000))} ops/s); ` +
    `RSS ${fmtMB(first.rss)} at 25 % -> ${fmtMB(last.rss)} at the end${first.gc ? ' (both after GC)' : ''}; wasm memory ${first.wasm} -> ${last.wasm} B${extra}`;
}

describe('soak: memory stays flat through the npm package', { concurrency: true }, () => {
  test('Node: validations and tracker updates', { timeout: TIMEOUT }, async (t) => {
    const child = spawn(process.execPath, ['--expose-gc', 'soak-node.mjs', String(UPDATES), String(SEED)], { cwd: CONSUMER, detached: true });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((done) => child.on('close', done));
    live.delete(child);
    assert.equal(code, 0, `soak-node exited ${code}\n${stderr}`);
    const r = JSON.parse(stdout.trim().split('\n').pop());
    assert.deepEqual(r.failures, [], 'no validation or tracker failure');
    assert.ok(r.gc, 'gc() available (--expose-gc)');
    assert.equal(r.ops.updates, UPDATES);
    assert.ok(r.ops.validations > UPDATES && r.ops.rejected > 0, 'tampered deliveries were sent and rejected');
    assert.deepEqual(r.mismatches, [], 'every checked call ends with its scenario\'s outcome');
    assert.ok(r.store.checked >= r.checkable * 0.9, `only ${r.store.checked} of ${r.checkable} calls checked`);
    const s = r.samples;
    const wasm = growth(s, 'wasm', UPDATES);
    const table = growth(s, 'table', UPDATES);
    const rss = growth(s, 'rss', UPDATES);
    const heap = growth(s, 'heapUsed', UPDATES);
    const rise = rssRise(s, 'rss', UPDATES);
    const first = s.find((x) => x.updates >= UPDATES * 0.25);
    const last = s[s.length - 1];
    t.diagnostic(summary('Node', r.ops, r.elapsedMs, first, last, `; heapUsed ${fmtMB(heap.at25)} -> ${fmtMB(heap.end)} ` +
      `(max +${fmtMB(heap.growth)}); RSS max +${fmtMB(rss.growth)}, floor ${signedMB(rise.floor)}, ceiling ${signedMB(rise.ceiling)}; externref table ${table.at25} -> ${table.end}; ` +
      `store at the end: ${r.store.active} active + ${r.store.finished} finished calls, ${r.store.checked} outcomes checked`));
    t.diagnostic(`Node samples (updates: RSS MB / heapTotal MB / heapUsed MB / wasm KB): ${s.map((x) => `${x.updates}: ${(x.rss / MB).toFixed(1)}/${(x.heapTotal / MB).toFixed(1)}/${(x.heapUsed / MB).toFixed(1)}/${x.wasm / 1024}`).join(', ')}`);
    assert.equal(wasm.growth, 0, `wasm memory grew after warm-up: ${wasm.at25} -> ${wasm.max} B`);
    assert.equal(table.growth, 0, `externref table grew after warm-up: ${table.at25} -> ${table.max}`);
    assert.ok(heap.growth < NODE_HEAP, `heapUsed grew by ${fmtMB(heap.growth)} after warm-up (bound ${fmtMB(NODE_HEAP)})`);
    assert.ok(rise.rise < NODE_RSS,
      `RSS rose from the second quarter to the last: floor ${signedMB(rise.floor)}, ceiling ${signedMB(rise.ceiling)} (bound ${fmtMB(NODE_RSS)} on the smaller)`);
  });

  test('workerd (wrangler dev, no nodejs_compat): a bounded client over loopback', { timeout: TIMEOUT }, async (t) => {
    const [port, inspector] = await Promise.all([freePort(), freePort()]);
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(join(BIN, 'wrangler'),
      ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--var', `TWILIO_AUTH_TOKEN:${TOKEN}`],
      {
        cwd: WORKER,
        detached: true,
        env: {
          ...process.env,
          NO_COLOR: '1',
          WRANGLER_SEND_METRICS: 'false',
          WRANGLER_LOG_PATH: join(WORK, 'wrangler-logs-soak'),
          // Its own config directory: wrangler dev sessions sharing one register with each other.
          XDG_CONFIG_HOME: join(WORK, 'xdg-soak'),
        },
      });
    live.add(child);
    // Its whole output goes to $JS_WORK/wrangler-soak.out (a request line each), the tail is kept.
    const out = createWriteStream(join(WORK, 'wrangler-soak.out'));
    let log = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (d) => {
        out.write(d);
        log = (log + d).slice(-20000);
      });
    }
    const exited = new Promise((done) => child.on('close', done));
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        assert.ok(child.exitCode === null, `wrangler exited:\n${log}`);
        assert.ok(Date.now() < deadline, `wrangler dev not answering after 90 s:\n${log}`);
        const res = await fetch(`${base}/memory`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
        if (res?.ok) {
          await res.arrayBuffer();
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }

      // wrangler runs two workerd processes in its process group (it runs detached): its proxy,
      // which listens on `port`, and the one running this Worker, started with --inspector-addr.
      const workerd = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
          const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
          const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return group === child.pid && name === 'workerd' ? { pid: p, worker: cmdline.includes('--inspector-addr') } : undefined;
        } catch {
          return undefined;
        }
      }).filter(Boolean);
      const user = workerd.find((w) => w.worker);
      assert.ok(user, `no workerd process with --inspector-addr in wrangler's process group: ${JSON.stringify(workerd)}`);
      const rssOf = (pid) => {
        try {
          return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
        } catch {
          return 0;
        }
      };
      const proxyRss = () => workerd.filter((w) => !w.worker).reduce((n, w) => n + rssOf(w.pid), 0);
      const targets = await (await fetch(`http://127.0.0.1:${inspector}/json`)).json();
      const isolate = await inspectorClient(targets[0].webSocketDebuggerUrl);

      const gen = new Deliveries(scenarios, { seed: SEED, url: `${base}/hook`, sign, ordered: false, width: 64 });
      const rng = prng(SEED ^ 0x5eed);
      const ops = { validations: 0, updates: 0, rejected: 0, requests: 0, hooks: 0 };
      const problems = [];
      const samples = [];
      let sent = 0;
      let nextSample = 0;
      let sampling = false;
      const t0 = performance.now();
      // `gc`: a heap snapshot first (it collects garbage), at the warm-up point and at the end,
      // with no request in flight (the isolate is paused meanwhile).
      let inflight = 0;
      let gate;
      const sample = async (gc = false) => {
        sampling = true;
        if (gc) {
          let open;
          gate = new Promise((r) => (open = r));
          while (inflight > 0) await new Promise((r) => setTimeout(r, 5));
          await isolate.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
          gate = undefined;
          open();
        }
        const heap = await isolate.call('Runtime.getHeapUsage');
        const m = await (await fetch(`${base}/memory`)).json();
        samples.push({
          updates: ops.updates, ms: Math.round(performance.now() - t0), gc, rss: rssOf(user.pid), proxyRss: proxyRss(),
          heapUsed: heap.usedSize, heapTotal: heap.totalSize, embedder: heap.embedderHeapUsedSize, backing: heap.backingStorageSize,
          wasm: m.wasm, table: m.table, ...m.store,
        });
        sampling = false;
      };
      await sample();
      nextSample = UPDATES / 20;

      const lane = async () => {
        while (sent < UPDATES && problems.length < 10) {
          while (gate) await gate;
          ops.requests++;
          inflight++;
          if (rng() < 0.1) {
            // One real webhook: verified by withTwilioWebhook on the Request the worker got.
            const d = gen.next();
            if (!d.tampered) sent++;
            const res = await fetch(d.url, {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': d.signature },
              body: d.body,
            });
            const text = await res.text();
            inflight--;
            if (res.status !== (d.tampered ? 403 : 200)) problems.push(`POST /hook ${d.call} (${d.scenario}${d.tampered ? ', tampered' : ''}): ${res.status} ${text.slice(0, 300)}`);
            ops.hooks++;
            ops.validations++;
            if (d.tampered) ops.rejected++;
            else ops.updates++;
          } else {
            const items = [];
            while (items.length < BATCH && sent < UPDATES) {
              const d = gen.next();
              if (!d.tampered) sent++;
              items.push(d);
            }
            const res = await fetch(`${base}/batch`, { method: 'POST', body: JSON.stringify({ items }) });
            const text = await res.text();
            inflight--;
            if (res.status !== 200) {
              problems.push(`POST /batch at ${Math.round(performance.now() - t0)} ms: ${res.status} ${text.slice(0, 500)}`);
              continue;
            }
            const { bits, failures } = JSON.parse(text);
            const want = items.map((d) => (d.tampered ? '0' : '1')).join('');
            if (bits !== want) problems.push(`batch verdicts ${bits} != ${want}`);
            problems.push(...failures);
            ops.validations += items.length;
            const rejected = items.filter((d) => d.tampered).length;
            ops.rejected += rejected;
            ops.updates += items.length - rejected;
          }
          if (ops.updates >= nextSample && !sampling) {
            // Collected at 25 % (the warm-up point), 50 % and 75 %; and at the end.
            const warm = [0.25, 0.5, 0.75].some((f) => Math.abs(nextSample - UPDATES * f) < 1);
            nextSample += UPDATES / 20;
            await sample(warm);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      const elapsed = performance.now() - t0;
      await sample(true);
      isolate.close();
      const end = await (await fetch(`${base}/memory`)).json();
      assert.deepEqual(problems, [], `every request answered as expected; samples at ${samples.map((x) => `${x.ms} ms${x.gc ? ' (GC)' : ''}`)}; ` +
        `the worker's counters at the end: ${JSON.stringify(end)}; wrangler's output: ${join(WORK, 'wrangler-soak.out')}`);
      assert.deepEqual(end.mismatches, [], 'every checked call ends with its scenario\'s outcome');
      assert.equal(end.store.updates, ops.updates, 'the worker applied every valid delivery');
      assert.ok(end.store.checked > gen.checked * 0.8, `only ${end.store.checked} of ${gen.checked} calls checked`);

      const wasm = growth(samples, 'wasm', UPDATES);
      const table = growth(samples, 'table', UPDATES);
      const rss = growth(samples, 'rss', UPDATES);
      const collected = samples.filter((x) => x.gc);
      const [warmGc, endGc] = [collected[0], collected[collected.length - 1]];
      const heapGrowth = endGc.heapUsed - warmGc.heapUsed;
      const [first, last] = [warmGc, endGc];
      t.diagnostic(summary('workerd', ops, elapsed, first, last, `; RSS max +${fmtMB(rss.growth)} (before GC); ` +
        `V8 heap after GC ${fmtMB(warmGc.heapUsed)} -> ${fmtMB(endGc.heapUsed)}; externref table ${table.at25} -> ${table.end}; ` +
        `wrangler's proxy workerd RSS ${fmtMB(first.proxyRss)} -> ${fmtMB(last.proxyRss)}; ` +
        `${ops.requests} requests (${ops.hooks} single webhooks), ${CONCURRENCY} in flight; ` +
        `store at the end: ${end.store.active} active + ${end.store.finished} finished calls, ${end.store.checked} outcomes checked`));
      t.diagnostic(`workerd samples (updates: RSS MB / V8 heap used MB / wasm KB; * after GC): ${samples.map((x) =>
        `${x.updates}${x.gc ? '*' : ''}: ${(x.rss / MB).toFixed(1)}/${(x.heapUsed / MB).toFixed(1)}/${x.wasm / 1024}`).join(', ')}`);
      t.diagnostic(`workerd after GC (updates: RSS / V8 heap used / committed / embedder / proxy RSS, MB): ${collected.map((x) =>
        `${x.updates}: ${[x.rss, x.heapUsed, x.heapTotal, x.embedder, x.proxyRss].map((b) => (b / MB).toFixed(1)).join(' / ')}`).join(', ')}`);
      assert.equal(wasm.growth, 0, `wasm memory grew after warm-up: ${wasm.at25} -> ${wasm.max} B`);
      assert.equal(table.growth, 0, `externref table grew after warm-up: ${table.at25} -> ${table.max}`);
      assert.ok(heapGrowth < WORKERD_HEAP, `the Worker's V8 heap (after GC) grew by ${fmtMB(heapGrowth)} after warm-up (bound ${fmtMB(WORKERD_HEAP)})`);
      // RSS between the two collected points (in between it follows V8's garbage, collected lazily).
      const rssGc = endGc.rss - warmGc.rss;
      assert.ok(rssGc < WORKERD_RSS, `workerd RSS (after GC) grew by ${fmtMB(rssGc)} after warm-up (bound ${fmtMB(WORKERD_RSS)})`);

      // A portion of the robustness suite, in workerd (after the memory samples: it grows memory on purpose).
      const rb = await (await fetch(`${base}/robust?seed=${SEED}&cases=${ROBUST_CASES}`)).json();
      assert.ok(!rb.error, rb.error);
      t.diagnostic(`robust in workerd: ${Object.keys(rb.per).length} functions x ${rb.cases} cases in ${(rb.ms.total / 1000).toFixed(1)} s, ` +
        `${rb.failed} failures; wasm memory after it ${rb.memory.wasm} B`);
      assert.deepEqual(rb.failures, [], `robust in workerd (seed ${SEED}): undocumented outcomes`);
      assert.deepEqual(rb.knownGood, [], 'the module still works after the robust cases');
    } finally {
      killGroup(child);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      live.delete(child);
      out.end();
    }
  });
});
