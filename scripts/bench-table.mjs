// The `make bench` summary: one table of native, Node, workerd and size figures against the targets
// of issue 8, from the JSON the benches wrote (nothing is measured here).
//
//   node scripts/bench-table.mjs [--dir DIR] [--pkg PKG_DIR]
//     DIR (default target/bench): native.json (benches/native-rounds.mjs), node.json
//     (benches/js/bench.mjs --json), workerd.json (benches/workerd/bench.mjs --json);
//     PKG_DIR (default pkg): the built package whose files are sized.
// A missing input makes its rows "not run". Writes the table to DIR/table.txt as well.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : process.argv[i + 1];
};
const DIR = resolve(ROOT, arg('--dir', 'target/bench'));
const PKG = resolve(ROOT, arg('--pkg', process.env.PKG_DIR ?? 'pkg'));
const load = (f) => (existsSync(join(DIR, f)) ? JSON.parse(readFileSync(join(DIR, f), 'utf8')) : undefined);
const native = load('native.json');
const node = load('node.json');
const workerd = load('workerd.json');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const st = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const num = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
/** "median [min-max] unit" */
const cell = (s, unit) => `${num(s.median)} [${num(s.min)}-${num(s.max)}] ${unit}`;

/**
 * `f(a[i], b[i])` for each round i: the two sides of a round were measured back to back, so
 * their ratio (or difference) is what a round says. Its median is the figure: on these machines
 * speed shifts by up to 2x for seconds at a time, and a ratio of the two sides' medians then
 * compares rounds from different regimes (seen: 0.72x from medians, 1.05x per round).
 */
const paired = (a, b, f) => st(a.slice(0, Math.min(a.length, b.length)).map((x, i) => f(x, b[i])));

const rows = [];
/**
 * ratio: the figure compared with the target, a number or { min, median, max } (judged on its
 * median); want '>=' or '<='; target a number. ours/base are { min, median, max } or a plain text.
 */
function row(area, what, ours, base, ratio, want, target, unit) {
  const r = typeof ratio === 'object' ? ratio.median : ratio;
  const u = unit ?? 'x';
  const shown = ratio === undefined ? '' : typeof ratio === 'object'
    ? `${r.toFixed(2)}${u} [${ratio.min.toFixed(2)}-${ratio.max.toFixed(2)}]`
    : `${r.toFixed(2)}${u}`;
  const pass = r === undefined || target === undefined ? '' : (want === '>=' ? r >= target : r <= target) ? 'pass' : 'MISS';
  rows.push([area, what, ours ?? 'not run', base ?? '', shown,
    target === undefined ? '' : `${want} ${target}${u}`, ours === undefined ? '' : pass]);
}
const missing = (area, what, want, target, unit) => rows.push([area, what, 'not run', '', '', target === undefined ? '' : `${want} ${target}${unit ?? 'x'}`, '']);

// ---- native: verify vs the bare hash (lower is better)
if (native) {
  const v = st(native.rounds.verify);
  const b = st(native.rounds.bare);
  row('native', 'verify raw body (632 B) / bare HMAC-SHA1', cell(v, 'ns'), cell(b, 'ns'),
    paired(native.rounds.verify, native.rounds.bare, (x, y) => x / y), '<=', 2);
} else missing('native', 'verify raw body (632 B) / bare HMAC-SHA1', '<=', 2);

// ---- Node: twilio / ours per scenario (higher is better)
const nodeTargets = [
  [/^raw body -> verdict, valid/, 'raw body -> verdict, valid', 4],
  [/^raw body -> verdict, bad signature/, 'raw body -> verdict, bad signature', 5],
  [/^drop-in validateRequest\(parsed\), valid/, 'drop-in validateRequest(parsed), valid', 1.5],
  [/^drop-in validateRequest\(parsed\), bad/, 'drop-in validateRequest(parsed), bad sig', undefined],
  [/^JSON 1 KB/, 'JSON 1 KB (bodySHA256)', 1.5],
  [/^JSON 64 KB/, 'JSON 64 KB (bodySHA256)', 1],
  [/^parseCallback/, 'parseCallback (typed) vs querystring.parse', undefined],
];
for (const [re, label, target] of nodeTargets) {
  const s = node?.scenarios.find((x) => re.test(x.name));
  if (!s) {
    missing('Node', label, '>=', target);
    continue;
  }
  const o = st(s.ours.map((ns) => ns / 1e3));
  const t = st(s.twilio.map((ns) => ns / 1e3));
  row('Node', `${label}: twilio / ours`, cell(o, 'µs'), cell(t, 'µs'), paired(s.twilio, s.ours, (x, y) => x / y), '>=', target);
}

// ---- workerd
if (workerd) {
  const tp = workerd.throughput;
  const us = (n) => tp[n].inWorkerUs;
  // Per round (older JSON without inWorkerRounds: the medians' ratio) and per cold-start run.
  const rounds = workerd.inWorkerRounds;
  const runs = workerd.coldStartRuns;
  const vsOurs = (n) => (rounds ? paired(rounds[n], rounds.ours, (x, y) => x / y) : us(n).median / us('ours').median);
  const overEmpty = (r) => paired(r.ours, r.empty, (x, y) => x - y);
  row('workerd', 'raw body -> verdict: official / ours', cell(us('ours'), 'µs'), cell(us('official'), 'µs'), vsOurs('official'), '>=', 4);
  row('workerd', 'raw body -> verdict: Web Crypto / ours', cell(us('ours'), 'µs'), cell(us('webcrypto'), 'µs'), vsOurs('webcrypto'), '>=', 3);
  const c = workerd.coldStartMs;
  row('workerd', 'cold start (spawn -> 1st answer): ours - empty', cell(c.ours, 'ms'), cell(c.empty, 'ms'),
    overEmpty(runs.wall), '<=', 5, ' ms');
  const cpu = workerd.coldStartCpuMs;
  if (cpu) {
    row('workerd', 'cold start, workerd CPU time: ours - empty', cell(cpu.ours, 'ms'), cell(cpu.empty, 'ms'),
      overEmpty(runs.cpu), '<=', 5, ' ms');
    // The same CPU in two parts (older JSON has no cpuLoaded): up to a first answer that
    // validates nothing, then the first validation. No target of their own.
    const loaded = runs.cpuLoaded;
    if (loaded?.ours?.length) {
      const first = (n) => runs.cpu[n].map((x, i) => x - loaded[n][i]);
      row('workerd', '  of which loading (modules, wasm instantiated)', cell(st(loaded.ours), 'ms'), cell(st(loaded.empty), 'ms'),
        overEmpty(loaded), undefined, undefined, ' ms');
      row('workerd', '  of which the first validation', cell(st(first('ours')), 'ms'), cell(st(first('empty')), 'ms'),
        overEmpty({ ours: first('ours'), empty: first('empty') }), undefined, undefined, ' ms');
    }
  }
} else {
  missing('workerd', 'raw body -> verdict: official / ours', '>=', 4);
  missing('workerd', 'raw body -> verdict: Web Crypto / ours', '>=', 3);
  missing('workerd', 'cold start (spawn -> 1st answer): ours - empty', '<=', 5, ' ms');
}

// ---- sizes (KB = 1000 B, as in the README)
const size = (f) => {
  const p = join(PKG, 'dist', f);
  if (!existsSync(p)) return undefined;
  const b = readFileSync(p);
  return { raw: b.length, gz: gzipSync(b, { level: 9 }).length };
};
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
for (const [f, label, target] of [
  ['twilio_webhook_bg.wasm', '.wasm', 28],
  ['twilio_webhook.js', 'JS glue (wasm-bindgen, ESM)', 4],
  ['api.mjs', 'API module (api.mjs)', undefined],
]) {
  const s = size(f);
  if (!s) {
    missing('size', `${label} gzip -9`, '<=', target, ' KB');
    continue;
  }
  row('size', `${label} gzip -9`, `${kb(s.gz)} gz`, `${kb(s.raw)} raw`, target === undefined ? undefined : s.gz / 1000, '<=', target, ' KB');
}

// ---- print
const cpu = (() => {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return { model: info.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? '?', threads: (info.match(/^processor\s*:/gm) ?? []).length };
  } catch {
    return { model: '?', threads: 0 };
  }
})();
const head = ['area', 'measure', 'ours: median [min-max]', 'baseline: median [min-max]', 'ratio per round: median [min-max]', 'target', 'pass/miss'];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((c, i) => String(c).padEnd(w[i])).join('  ').trimEnd();
const out = [
  `twilio-webhook benchmarks | ${cpu.model}, ${cpu.threads} logical CPUs (${availableParallelism()} available) | ` +
    `Node ${node?.node ?? process.version} | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC | load avg ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
  `native: criterion, ${native?.rounds.bare.length ?? 0} alternating rounds | Node: benches/js/bench.mjs, twilio ${node?.twilio ?? '?'}, ${node?.rounds ?? 0} rounds | ` +
    `workerd: ${workerd ? `${workerd.workerd}, ${workerd.rounds} rounds, in-worker time minus the empty loop` : 'not run'} | package: ${PKG}`,
  ...(workerd ? [`workerd official = ${workerd.official}`] : []),
  line(head),
  line(w.map((n) => '-'.repeat(n))),
  ...rows.map(line),
];
console.log(out.join('\n'));
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, 'table.txt'), out.join('\n') + '\n');
