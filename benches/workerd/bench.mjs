// Benchmark in workerd: raw signed StatusCallback body -> verdict, in three workers side by side,
// plus cold start. `make bench-workerd` (or `make bench`) runs it after building pkg/.
//
//   node benches/workerd/bench.mjs [--rounds N] [--cold N] [--json FILE]
//   env: PKG_DIR (default pkg/), BENCH_WORK (scratch, default target/bench-workerd)
//
// Workers (benches/workerd/workers/, one harness):
//   ours       twilio-webhook, the npm package as installed (its "workerd" export), no nodejs_compat
//   official   the `twilio` helper's validateRequest after querystring.parse, nodejs_compat
//   webcrypto  a hand-written validator: URLSearchParams, sort, concat, crypto.subtle HMAC-SHA1
//   empty      the harness with a validation that does nothing (baseline)
//
// Throughput: one `wrangler dev` per worker (own port, inspector port, XDG config dir, no
// metrics), all up at once; rounds alternate the order of the workers. Each request posts the
// body and X-Twilio-Signature; the worker validates it K times (K calibrated per worker to about
// BATCH_MS) and answers the time of the loop from performance.now(). Locally (wrangler dev,
// workerd) that clock advances during synchronous code, in whole milliseconds; deployed it would
// not (Spectre mitigation: timers only move on I/O). In-worker figures come from requests sent one at a time
// (an async validator would otherwise interleave with the next request). Cross-check from the
// client: CONC requests in flight, wall time of M requests at K minus M at K=0, over M*K.
//
// Cold start: `workerd serve` run directly (wrangler's own start-up takes seconds and would
// swamp it) on each worker's production bundle (`wrangler deploy --dry-run --outdir`), from
// process spawn to the first answered request (one validation), alternating workers; also
// workerd's own CPU time up to that answer (all threads, /proc), steadier on a loaded machine.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse as qsParse } from 'node:querystring';
import { fileURLToPath } from 'node:url';
import { freePort, live, start, stop } from '../../tests/js/procs.mjs';
import { STATUS_BODY, STATUS_URL, TOKEN, badSignature } from '../js/fixtures.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const PKG = resolve(ROOT, process.env.PKG_DIR ?? 'pkg');
const WORK = resolve(ROOT, process.env.BENCH_WORK ?? 'target/bench-workerd');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const ROUNDS = Number(arg('--rounds', 15));
const COLD_RUNS = Number(arg('--cold', 11));
const JSON_OUT = arg('--json', undefined);
const BATCH_MS = 50; // one timed request (workerd's clock moves in whole ms: ±2% per request)
const SEQ = 5; // in-worker timed requests per worker per round (one at a time)
const CONC = 4; // client cross-check: requests in flight
const M = 8; // client cross-check: requests per batch
const COMPAT_DATE = '2026-04-01';

const require = createRequire(join(ROOT, 'package.json'));
const twilio = require('twilio/lib/webhooks/webhooks.js');
const twilioVersion = require('twilio/package.json').version;
const wranglerVersion = require('wrangler/package.json').version;
const workerdBin = join(ROOT, 'node_modules', '@cloudflare', `workerd-${process.platform}-${process.arch === 'x64' ? '64' : process.arch}`, 'bin', 'workerd');

if (!existsSync(join(PKG, 'dist', 'workerd.mjs'))) {
  console.error(`bench-workerd: ${PKG}/dist/workerd.mjs missing: run \`make pkg\` first`);
  process.exit(1);
}

// The same ~650-byte Voice StatusCallback as benches/js/bench.mjs (benches/js/fixtures.mjs).
const URL_SIGNED = STATUS_URL;
const BODY = STATUS_BODY;
const SIG = twilio.getExpectedTwilioSignature(TOKEN, URL_SIGNED, qsParse(BODY));
const BAD_SIG = badSignature(SIG);

const WORKERS = ['ours', 'official', 'webcrypto', 'empty'];
const log = (...a) => console.error('bench-workerd:', ...a);

// ---------------------------------------------------------------- processes


function run(cmd, args, opts) {
  const proc = start(cmd, cmd, args, opts);
  return proc.exited.then((code) => {
    live.delete(proc.child);
    if (code !== 0) throw new Error(`${[cmd, ...args].join(' ')} (in ${opts.cwd}) exited ${code}:\n${proc.log}`);
    return proc.log;
  });
}

const wranglerEnv = (name) => ({
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_LOG_PATH: join(WORK, name, 'logs'),
  XDG_CONFIG_HOME: join(WORK, name, 'xdg'),
});

// ---------------------------------------------------------------- requests

// Requests wrangler answered with "Your worker restarted mid-request" (503) and that were sent
// again: seen once when the VM was paused and resumed during a run; reported with the results.
let restarts = 0;

async function post(base, k, sig = SIG) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/?k=${k}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
      body: BODY,
    });
    const text = await res.text();
    if (res.status === 503 && text.includes('restarted mid-request') && attempt < 3) {
      restarts++;
      continue;
    }
    if (res.status !== 200) throw new Error(`${base}: HTTP ${res.status}: ${text.slice(0, 2000)}`);
    return JSON.parse(text);
  }
}

async function ready(proc, base, ms = 180_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.log}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} not answering after ${ms / 1000} s:\n${proc.log}`);
    const res = await fetch(base, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    if (res) {
      await res.arrayBuffer();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs), runs: xs.length });

// ---------------------------------------------------------------- set-up

function prepare(officialImport) {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'node_modules'), { recursive: true });
  // The package as a user gets it (package.json exports pick dist/workerd.mjs); twilio and its
  // dependencies resolve from the repository's node_modules through the symlink's real path.
  cpSync(PKG, join(WORK, 'node_modules', 'twilio-webhook'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules', 'twilio'), join(WORK, 'node_modules', 'twilio'));
  cpSync(join(HERE, 'workers'), join(WORK, 'src'), { recursive: true });
  for (const name of WORKERS) {
    mkdirSync(join(WORK, name), { recursive: true });
    let toml = `name = "bench-${name}"\nmain = "../src/${name}.mjs"\ncompatibility_date = "${COMPAT_DATE}"\n`;
    if (name === 'official') {
      toml += 'compatibility_flags = ["nodejs_compat"]\n';
      if (officialImport !== 'twilio') toml += `\n[alias]\n"twilio" = "${officialImport}"\n`;
    }
    writeFileSync(join(WORK, name, 'wrangler.toml'), toml);
  }
}

/** `wrangler deploy --dry-run` bundles; returns the output directory. */
async function bundle(name) {
  const out = join(WORK, name, 'bundle');
  await run(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', out], { cwd: join(WORK, name), env: wranglerEnv(name) });
  return out;
}

function workerdConfig(name, dir, port) {
  const files = readdirSync(dir).filter((f) => /\.(m?js|wasm)$/.test(f));
  const main = files.find((f) => f === `${name}.js`) ?? files.find((f) => /\.m?js$/.test(f));
  const modules = [main, ...files.filter((f) => f !== main)].map((f) =>
    f.endsWith('.wasm') ? `(name = "${f}", wasm = embed "${f}")` : `(name = "${f}", esModule = embed "${f}")`);
  const flags = name === 'official' ? ', compatibilityFlags = ["nodejs_compat"]' : '';
  const file = join(dir, 'workerd.capnp');
  writeFileSync(file, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [${modules.join(', ')}],
  compatibilityDate = "${COMPAT_DATE}"${flags},
);
`);
  return file;
}

/**
 * CPU time of a process so far, all its threads, in ms (Linux: /proc/PID/task/TID/schedstat, ns
 * on CPU). Much steadier than wall time on a busy machine; undefined elsewhere.
 */
function cpuMs(pid) {
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * Spawn `workerd serve` to the first answer of a POST that runs one validation: { wall, cpu,
 * cpuLoaded } in ms, cpu being workerd's own CPU time up to that answer and cpuLoaded up to the
 * answer of a request that validates nothing (`?k=-1`), sent first: the worker loaded, before
 * its first validation (which, for ours, compiles the wasm functions it runs: V8 compiles wasm
 * lazily, on a function's first call).
 */
async function coldStart(name, config, port) {
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const proc = start(`workerd ${name}`, workerdBin, ['serve', config], { cwd: WORK });
  try {
    for (;;) {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.log}`);
      if (performance.now() - t0 > 30_000) throw new Error(`${proc.name}: no answer in 30 s\n${proc.log}`);
      const loaded = await post(base, -1).catch((e) => (e.cause?.code === 'ECONNREFUSED' ? undefined : Promise.reject(e)));
      if (loaded) {
        const cpuLoaded = cpuMs(proc.child.pid);
        const r = await post(base, 1);
        const wall = performance.now() - t0;
        if (r.ok !== 1) throw new Error(`${name}: cold request returned ${JSON.stringify(r)}`);
        return { wall, cpu: cpuMs(proc.child.pid), cpuLoaded };
      }
      await new Promise((r2) => setTimeout(r2, 1));
    }
  } finally {
    await stop(proc);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const t0 = Date.now();
  // Can wrangler bundle the whole `twilio` package for workerd? If not, its webhooks module.
  let officialImport = 'twilio';
  let officialNote = 'import twilio from "twilio" (the whole package, bundled with nodejs_compat)';
  prepare(officialImport);
  const bundles = {};
  const bundled = await Promise.allSettled(WORKERS.map(async (n) => (bundles[n] = await bundle(n))));
  for (const [i, r] of bundled.entries()) {
    if (r.status === 'rejected' && WORKERS[i] !== 'official') throw r.reason;
  }
  if (bundled[WORKERS.indexOf('official')].status === 'rejected') {
    const error = String(bundled[WORKERS.indexOf('official')].reason.message).split('\n').filter((l) => /ERROR|error/.test(l)).slice(0, 5).join(' | ');
    log(`the whole twilio package does not bundle for workerd: ${error}`);
    officialImport = join(ROOT, 'node_modules', 'twilio', 'lib', 'webhooks', 'webhooks.js');
    officialNote = `twilio/lib/webhooks/webhooks.js only (the whole package failed to bundle: ${error})`;
    prepare(officialImport);
    await Promise.all(WORKERS.map(async (n) => (bundles[n] = await bundle(n))));
  }
  const bundleSize = {};
  for (const n of WORKERS) {
    bundleSize[n] = readdirSync(bundles[n]).filter((f) => /\.(m?js|wasm)$/.test(f))
      .reduce((s, f) => s + readFileSync(join(bundles[n], f)).length, 0);
  }
  log(`bundled (${((Date.now() - t0) / 1000).toFixed(0)} s): ${WORKERS.map((n) => `${n} ${(bundleSize[n] / 1024).toFixed(0)} KiB`).join(', ')}`);

  // ---- throughput under wrangler dev
  const servers = {};
  const tWrangler = Date.now();
  for (const name of WORKERS) {
    const [port, inspector] = await Promise.all([freePort(), freePort()]);
    servers[name] = {
      base: `http://127.0.0.1:${port}`,
      proc: start(`wrangler dev (${name})`, join(BIN, 'wrangler'),
        ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector)],
        { cwd: join(WORK, name), env: wranglerEnv(name) }),
    };
  }
  let throughput;
  let inWorkerRounds;
  let wranglerStartS;
  try {
    await Promise.all(WORKERS.map((n) => ready(servers[n].proc, servers[n].base)));
    wranglerStartS = (Date.now() - tWrangler) / 1000;
    log(`wrangler dev x${WORKERS.length} answering after ${wranglerStartS.toFixed(1)} s`);

    // Correctness: a valid and a bad signature, one validation each.
    for (const name of WORKERS.filter((n) => n !== 'empty')) {
      const good = await post(servers[name].base, 0);
      const bad = await post(servers[name].base, 0, BAD_SIG);
      if (good.verdict !== true || bad.verdict !== false) {
        throw new Error(`${name}: valid -> ${good.verdict}, bad signature -> ${bad.verdict}`);
      }
    }
    // Does the clock move during synchronous code here? (It does in local workerd.)
    const probe = await post(servers.official.base, 2000);
    if (!(probe.ms > 0)) throw new Error(`performance.now() did not advance in workerd: ${JSON.stringify(probe)}`);

    // Warm up (JIT, wasm tier-up) and calibrate K per worker to about BATCH_MS per request.
    const K = {};
    for (const name of WORKERS) {
      let k = 64;
      for (let i = 0; i < 40; i++) {
        const r = await post(servers[name].base, k);
        if (r.ok !== k) throw new Error(`${name}: ${r.ok} of ${k} valid`);
        if (r.ms > BATCH_MS / 2 && i >= 8) {
          k = Math.max(64, Math.round((k * BATCH_MS) / r.ms));
          break;
        }
        if (r.ms < BATCH_MS / 2) k *= 2;
      }
      K[name] = Math.min(k, 1 << 20);
    }
    log(`K per request: ${WORKERS.map((n) => `${n} ${K[n]}`).join(', ')}`);

    const inWorker = Object.fromEntries(WORKERS.map((n) => [n, []]));
    const client = Object.fromEntries(WORKERS.map((n) => [n, []]));
    const batch = async (base, k) => {
      const t = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: CONC }, async () => {
        while (next++ < M) {
          const r = await post(base, k);
          if (r.ok !== k) throw new Error(`${base}: ${r.ok} of ${k} valid`);
        }
      }));
      return performance.now() - t;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = WORKERS.map((_, i) => WORKERS[(i + round) % WORKERS.length]);
      if (round % 2) order.reverse();
      for (const name of order) {
        const { base } = servers[name];
        const per = [];
        for (let i = 0; i < SEQ; i++) per.push(((await post(base, K[name])).ms * 1e3) / K[name]);
        inWorker[name].push(median(per));
        const full = await batch(base, K[name]);
        const zero = await batch(base, 0);
        client[name].push(((full - zero) * 1e3) / (M * K[name]));
      }
    }
    // The harness's own loop cost (empty worker) is taken off the others' in-worker figures.
    const loop = median(inWorker.empty);
    inWorkerRounds = Object.fromEntries(WORKERS.map((n) => [n, inWorker[n].map((x) => (n === 'empty' ? x : x - loop))]));
    throughput = Object.fromEntries(WORKERS.map((n) => [n, {
      k: K[n],
      inWorkerUs: stats(inWorkerRounds[n]),
      clientUs: stats(client[n]),
    }]));
  } finally {
    await Promise.all(WORKERS.map((n) => stop(servers[n].proc)));
  }

  // ---- cold start: workerd directly
  const cold = Object.fromEntries(WORKERS.map((n) => [n, []]));
  const coldCpu = Object.fromEntries(WORKERS.map((n) => [n, []]));
  const coldCpuLoaded = Object.fromEntries(WORKERS.map((n) => [n, []]));
  const configs = {};
  for (const name of WORKERS) {
    const port = await freePort();
    configs[name] = { port, file: workerdConfig(name, bundles[name], port) };
  }
  for (const name of WORKERS) await coldStart(name, configs[name].file, configs[name].port); // page cache
  for (let run = 0; run < COLD_RUNS; run++) {
    const order = WORKERS.map((_, i) => WORKERS[(i + run) % WORKERS.length]);
    if (run % 2) order.reverse();
    for (const name of order) {
      const { wall, cpu, cpuLoaded } = await coldStart(name, configs[name].file, configs[name].port);
      cold[name].push(wall);
      if (cpu !== undefined) coldCpu[name].push(cpu);
      if (cpuLoaded !== undefined) coldCpuLoaded[name].push(cpuLoaded);
    }
  }
  const coldStats = Object.fromEntries(WORKERS.map((n) => [n, stats(cold[n])]));
  const coldCpuStats = coldCpu.empty.length ? Object.fromEntries(WORKERS.map((n) => [n, stats(coldCpu[n])])) : undefined;

  const workerdVersion = (await run(workerdBin, ['--version'], { cwd: WORK })).trim();
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    wrangler: wranglerVersion,
    workerd: workerdVersion,
    twilio: twilioVersion,
    official: officialNote,
    body: BODY.length,
    rounds: ROUNDS,
    wranglerStartS,
    bundleBytes: bundleSize,
    throughput,
    coldStartMs: coldStats,
    coldStartCpuMs: coldCpuStats,
    // Round i (run i for cold starts) of every worker ran back to back: the figures pair up.
    inWorkerRounds,
    // cpuLoaded: workerd CPU up to the answer of a request that validates nothing, sent first.
    coldStartRuns: { wall: cold, cpu: coldCpu, cpuLoaded: coldCpuLoaded },
  };
  if (JSON_OUT) {
    mkdirSync(resolve(JSON_OUT, '..'), { recursive: true });
    writeFileSync(JSON_OUT, JSON.stringify(result, null, 2) + '\n');
  }
  print(result);
  if (restarts > 0) log(`${restarts} request(s) sent again after "Your worker restarted mid-request"`);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function print(r) {
  const f = (s, d = 2) => `${s.median.toFixed(d)} [${s.min.toFixed(d)}-${s.max.toFixed(d)}]`;
  console.log(`workerd: raw ${r.body}-byte StatusCallback -> verdict | ${r.workerd}, wrangler ${r.wrangler}, twilio ${r.twilio} | ` +
    `${r.rounds} rounds, alternating | µs per validation: median [min-max]`);
  console.log(`official = ${r.official}`);
  console.log(`${'worker'.padEnd(10)}  ${'K'.padStart(6)}  ${'in worker (- empty loop)'.padEnd(26)}  ${('client, ' + CONC + ' in flight').padEnd(24)}  ` +
    `${'bundle'.padStart(9)}  ${'cold start: wall ms'.padEnd(24)}  workerd CPU ms`);
  for (const n of WORKERS) {
    const t = r.throughput[n];
    console.log(`${n.padEnd(10)}  ${String(t.k).padStart(6)}  ${f(t.inWorkerUs).padEnd(26)}  ${f(t.clientUs).padEnd(24)}  ` +
      `${((r.bundleBytes[n] / 1024).toFixed(0) + ' KiB').padStart(9)}  ${f(r.coldStartMs[n], 1).padEnd(24)}  ${r.coldStartCpuMs ? f(r.coldStartCpuMs[n], 1) : '-'}`);
  }
  // Per round (the workers of a round ran back to back), then the median over the rounds.
  const each = (a, b, g) => median(a.map((x, i) => g(x, b[i])));
  const ratio = (a, b) => each(r.inWorkerRounds[b], r.inWorkerRounds[a], (x, y) => x / y).toFixed(2);
  const diff = (runs) => each(runs.ours, runs.empty, (x, y) => x - y).toFixed(1);
  const { wall, cpu, cpuLoaded } = r.coldStartRuns;
  console.log(`official/ours ${ratio('ours', 'official')}x, webcrypto/ours ${ratio('ours', 'webcrypto')}x (in worker); ` +
    `cold start ours - empty: ${diff(wall)} ms wall${cpu.empty.length ? `, ${diff(cpu)} ms workerd CPU` : ''} (medians of the rounds')`);
  if (cpuLoaded?.empty.length) {
    // The same difference in two parts: up to "loaded", then the first validation.
    const first = (n) => cpu[n].map((x, i) => x - cpuLoaded[n][i]);
    console.log(`  of which loading (modules, wasm instantiated): ${diff(cpuLoaded)} ms; ` +
      `first validation: ${each(first('ours'), first('empty'), (x, y) => x - y).toFixed(1)} ms (workerd CPU, ours - empty)`);
  }
}

await main();
