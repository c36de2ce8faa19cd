// The soak workload, runner-agnostic (plain ECMAScript: Node, and workerd through wrangler's
// bundler), shared by tests/js/runners/soak-node.mjs, tests/js/runners/soak-worker.mjs and the
// workerd client in tests/js/soak.test.mjs.
//
//   prng(seed)             a small seeded PRNG (mulberry32): () => float in [0, 1)
//   new Deliveries(...)    an endless stream of webhook deliveries: the lifecycle scenarios of
//                          tests/vectors/lifecycles instantiated over and over with fresh CallSids,
//                          `width` calls in flight at once, interleaved; permutable scenarios
//                          shuffled and given a duplicate; a few tampered copies (signed, then
//                          altered) that must be rejected
//   new CallStore(pkg)     what a server keeps: one tracker (CallTracker / CallTree) per call,
//                          bounded by eviction (finished calls: a FIFO of `finishedCap`; idle
//                          calls: after `ttl` updates without an event), kept live, as the
//                          toJSON() object, or as its JSON text, by call
//
// A delivery carries `n` (the number of events of its call instance, duplicates included) and,
// when the final outcome does not depend on arrival order, `final` (the scenario's outcome word):
// the store compares the outcome once the n-th event of the call is applied.

/** mulberry32: a tiny seeded PRNG, good enough to pick cases reproducibly. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SID = /\b(CA|RE)[0-9a-f]{32}\b/g;

/** The validation API a delivery goes through, and the form of the event applied. */
const APIS = [['verify', 0.45], ['verify-bytes', 0.25], ['validateRequest', 0.2], ['verifyRequest', 0.1]];
const EVENTS = [['string', 0.35], ['bytes', 0.2], ['params', 0.1], ['parsed', 0.35]];

function pick(rng, table) {
  let x = rng();
  for (const [name, p] of table) {
    if (x < p) return name;
    x -= p;
  }
  return table[table.length - 1][0];
}

export class Deliveries {
  /**
   * @param {Array<object>} scenarios parsed tests/vectors/lifecycles/*.json (with `name`)
   * @param {{ seed: number, url: string, sign: (url: string, body: string) => string,
   *           width?: number, tamperRate?: number, ordered?: boolean }} o
   *   `url`: the webhook URL (`?call=<key>&...` is appended); `sign`: the X-Twilio-Signature of
   *   a form body for a URL; `ordered`: whether the consumer applies deliveries in the order given
   *   (then non-permutable scenarios are checked too).
   */
  constructor(scenarios, o) {
    this.scenarios = scenarios;
    this.rng = prng(o.seed);
    this.url = o.url;
    this.sign = o.sign;
    this.width = o.width ?? 24;
    this.tamperRate = o.tamperRate ?? 0.03;
    this.ordered = o.ordered ?? true;
    this.instances = 0;
    this.checked = 0;
    this.pool = [];
    while (this.pool.length < this.width) this.pool.push(this.instance());
  }

  /** A scenario with fresh SIDs, its events in arrival order. */
  instance() {
    const s = this.scenarios[Math.floor(this.rng() * this.scenarios.length)];
    const no = ++this.instances;
    const fresh = new Map();
    const rename = (sid, prefix) => {
      if (!fresh.has(sid)) fresh.set(sid, prefix + (no * 16 + fresh.size).toString(16).padStart(32, '0'));
      return fresh.get(sid);
    };
    let bodies = s.events.map((e) => e.body.replace(SID, (sid, prefix) => rename(sid, prefix)));
    if (s.permutable) {
      // Any order, with any duplicates: shuffle, then deliver one event twice (a retry).
      for (let i = bodies.length - 1; i > 0; i--) {
        const j = Math.floor(this.rng() * (i + 1));
        [bodies[i], bodies[j]] = [bodies[j], bodies[i]];
      }
      if (this.rng() < 0.6) {
        const dup = bodies[Math.floor(this.rng() * bodies.length)];
        bodies.splice(Math.floor(this.rng() * (bodies.length + 1)), 0, dup);
      }
    }
    const check = s.permutable || this.ordered;
    if (check) this.checked++;
    return {
      key: `c${no}`,
      scenario: s.name,
      subject: s.subject,
      opt: s.options?.droppedBelowSeconds,
      final: check ? s.final.outcome.outcome : undefined,
      bodies,
      next: 0,
    };
  }

  /**
   * The next delivery: { call, scenario, subject, opt?, url, body, signature, tampered, api,
   * event, n, final? }.
   */
  next() {
    const slot = Math.floor(this.rng() * this.pool.length);
    const c = this.pool[slot];
    const query = `call=${c.key}&subject=${c.subject}&n=${c.bodies.length}` +
      (c.final ? `&final=${c.final}` : '') + (c.opt !== undefined ? `&opt=${c.opt}` : '');
    const url = `${this.url}?${query}`;
    const base = { call: c.key, scenario: c.scenario, subject: c.subject, opt: c.opt, n: c.bodies.length, final: c.final, url };
    if (this.rng() < this.tamperRate) {
      // A copy of the next event, signed, then altered on the way: it must be rejected.
      const body = c.bodies[c.next];
      const signature = this.sign(url, body);
      const at = Math.floor(this.rng() * body.length);
      const altered = body.slice(0, at) + (body[at] === '1' ? '2' : '1') + body.slice(at + 1);
      return { ...base, body: altered, signature, tampered: true, api: pick(this.rng, APIS), event: 'string' };
    }
    const body = c.bodies[c.next++];
    if (c.next === c.bodies.length) this.pool[slot] = this.instance();
    return { ...base, body, signature: this.sign(url, body), tampered: false, api: pick(this.rng, APIS), event: pick(this.rng, EVENTS) };
  }
}

/** Decoded form parameters as twilio-node's validateRequest takes them. */
export function paramsOf(body) {
  const out = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** A server's tracker store: one tracker per call, bounded by finished-call and idle eviction. */
export class CallStore {
  /**
   * @param {object} pkg the loaded twilio-webhook module
   * @param {{ ttl?: number, finishedCap?: number }} [o]
   */
  constructor(pkg, o = {}) {
    this.pkg = pkg;
    this.ttl = o.ttl ?? 4000;
    this.finishedCap = o.finishedCap ?? 2000;
    this.active = new Map(); // key -> entry, least recently touched first
    this.finished = new Map(); // key -> entry, first finished first
    this.tick = 0;
    this.stats = { updates: 0, expired: 0, evicted: 0, checked: 0, mismatches: 0, restored: 0 };
    this.mismatches = [];
  }

  /** Applies one event (a body string or bytes, URLSearchParams, or a parsed callback). */
  apply(d, event) {
    const key = d.call;
    this.tick++;
    let e = this.finished.get(key);
    if (!e) {
      e = this.active.get(key);
      if (e) this.active.delete(key);
      else {
        // How this call's state is kept between events: by the call number.
        const mode = ['live', 'json', 'text'][Number(key.slice(1)) % 3];
        e = { mode, subject: d.subject, opt: d.opt, state: undefined, tracker: undefined, applied: 0, done: false };
      }
      this.active.set(key, e);
    }
    e.tick = this.tick;
    const Cls = e.subject === 'tree' ? this.pkg.CallTree : this.pkg.CallTracker;
    const options = e.opt === undefined ? undefined : { droppedBelowSeconds: e.opt };
    let t = e.tracker;
    if (!t) {
      t = new Cls(e.state, options);
      if (e.state !== undefined) this.stats.restored++;
    }
    const applied = t.apply(event);
    const outcome = t.outcome.outcome;
    if (e.mode === 'live') e.tracker = t;
    else if (e.mode === 'json') e.state = t.toJSON();
    else e.state = JSON.stringify(t);
    e.applied++;
    this.stats.updates++;
    if (d.final && e.applied === d.n) {
      this.stats.checked++;
      if (outcome !== d.final) {
        this.stats.mismatches++;
        if (this.mismatches.length < 5) this.mismatches.push({ call: key, scenario: d.scenario, outcome, expected: d.final });
      }
    }
    if (outcome !== 'pending' && !e.done) {
      e.done = true;
      this.active.delete(key);
      this.finished.set(key, e);
      while (this.finished.size > this.finishedCap) {
        this.finished.delete(this.finished.keys().next().value);
        this.stats.evicted++;
      }
    }
    for (const [k, old] of this.active) {
      if (old.tick >= this.tick - this.ttl) break;
      this.active.delete(k);
      this.stats.expired++;
    }
    return applied;
  }

  /** Sizes and counters, for the memory report. */
  report() {
    return { active: this.active.size, finished: this.finished.size, ...this.stats };
  }
}
