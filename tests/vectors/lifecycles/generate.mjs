// Writes the lifecycle scenarios (tests/vectors/lifecycles/*.json) from the table below.
// Expected effects and outcomes are written here by hand from spec/callbacks.md §5-§6, §8 (the
// rule each expectation rests on is cited next to it); nothing is computed by the library.
//
//   node tests/vectors/lifecycles/generate.mjs
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const sid = (prefix, word) => prefix + createHash('md5').update(word).digest('hex');
const ACCOUNT = sid('AC', 'account');
const P = sid('CA', 'parent');
const A = sid('CA', 'child-a');
const B = sid('CA', 'child-b');
const X = sid('CA', 'another-call');
const REC = sid('RE', 'recording');

const enc = (v) => encodeURIComponent(v).replace(/%20/g, '+');
const form = (pairs) => pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${enc(k)}=${enc(String(v))}`).join('&');
const TS0 = Date.UTC(2024, 4, 14, 12, 0, 0);
const rfc2822 = (ms) => new Date(ms).toUTCString().replace('GMT', '+0000');

/** Direction and parent for a leg. */
const legOf = (call, o = {}) => {
  if (o.dir) return { dir: o.dir, parent: o.parent };
  if (call === A || call === B) return { dir: 'outbound-dial', parent: P };
  return { dir: 'outbound-api' };
};

/** A call-progress event (spec §3). */
function status(call, st, seq, o = {}) {
  const { dir, parent } = legOf(call, o);
  return form([
    ['AccountSid', ACCOUNT], ['ApiVersion', '2010-04-01'], ['CallSid', call], ['ParentCallSid', parent],
    ['CallStatus', st], ['CallbackSource', 'call-progress-events'], ['Direction', dir],
    ['From', '+15005550006'], ['To', '+15005550001'], ['SequenceNumber', seq],
    ['Timestamp', rfc2822(TS0 + seq * 5000)], ['AnsweredBy', o.ab],
    ['CallDuration', o.dur], ['Duration', o.dur === undefined ? undefined : Math.ceil(o.dur / 60)],
    ['SipResponseCode', o.sip], ['ErrorCode', o.err],
  ]);
}

/** A voice (TwiML) request: CallStatus, no SequenceNumber (spec §8.1 rule 6). */
function voice(call, st, o = {}) {
  const { dir, parent } = legOf(call, o);
  return form([
    ['AccountSid', ACCOUNT], ['ApiVersion', '2010-04-01'], ['CallSid', call], ['ParentCallSid', parent],
    ['CallStatus', st], ['Direction', dir], ['From', '+15005550006'], ['To', '+15005550001'],
    ['AnsweredBy', o.ab], ['CallDuration', o.dur],
  ]);
}

/** An async AMD callback (spec §7). */
const amd = (call, ab, ms = 3120) => form([['AccountSid', ACCOUNT], ['CallSid', call], ['AnsweredBy', ab], ['MachineDetectionDuration', ms]]);

/** A <Dial action> request on the parent (spec §8). */
function dial(o) {
  return form([
    ['AccountSid', ACCOUNT], ['ApiVersion', '2010-04-01'], ['CallSid', P], ['CallStatus', o.parentStatus ?? 'in-progress'],
    ['Direction', 'inbound'], ['From', '+15005550006'], ['To', '+15005550001'],
    ['DialCallStatus', o.status], ['DialCallSid', o.child], ['DialCallDuration', o.dur],
    ['DialBridged', o.bridged], ['DialSipResponseCode', o.sip],
  ]);
}

/** A RecordingStatusCallback: CallSid is the parent leg (R16). */
const recording = (call, st) => form([
  ['AccountSid', ACCOUNT], ['CallSid', call], ['RecordingSid', REC],
  ['RecordingUrl', `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${REC}`],
  ['RecordingStatus', st], ['RecordingDuration', st === 'completed' ? 37 : undefined], ['RecordingChannels', 1],
  ['RecordingSource', 'DialVerb'],
]);

const ev = (body, expect) => ({ body, expect });
const E = (effect, status, rule) => ({ effect, status, ...(rule ? { rule } : {}) });

// Inbound parent with TwiML <Dial>: its own requests.
const parentInbound = (st) => voice(P, st, { dir: 'inbound' });

const S = [];
const add = (name, s) => S.push({ name, ...s });

// ------------------------------------------------------------------ single legs: every outcome
add('rest-answered', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'REST call through every subscribed event: initiated, ringing, answered (in-progress), completed with 42 s and SIP 200.',
  provenance: 'spec §3.2 event order, R2, R5; O1',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated', 'R2')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing', 'R2')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress', 'R5')),
    ev(status(P, 'completed', 3, { dur: 42, sip: 200 }), E('advance', 'completed', 'R10')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1', sipResponseCode: 200, callSid: P } },
});
add('rest-queued-start', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'A REST leg may start at queued (R2); the CPS queue then dials it.',
  provenance: 'spec §5.4 (none) → queued (REST only), R2; O1',
  events: [
    ev(status(P, 'queued', 0), E('advance', 'queued', 'R2')),
    ev(status(P, 'initiated', 1), E('advance', 'initiated', 'R2')),
    ev(status(P, 'completed', 2, { dur: 8 }), E('advance', 'completed', 'R11')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1' } },
});
add('rest-busy', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'Busy signal after ringing, SIP 486.',
  provenance: 'spec §6 O2, §6.1 486; R10',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'busy', 2, { dur: 0, sip: 486 }), E('advance', 'busy', 'R10')),
  ],
  final: { status: 'busy', outcome: { outcome: 'busy', rule: 'O2', sipResponseCode: 486 } },
});
add('rest-no-answer', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'Rang until Timeout: no-answer with SIP 487.',
  provenance: 'spec §6 O3, §6.1 487 after Timeout',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'no-answer', 2, { dur: 0, sip: 487 }), E('advance', 'no-answer', 'R10')),
  ],
  final: { status: 'no-answer', outcome: { outcome: 'no-answer', rule: 'O3', sipResponseCode: 487 } },
});
add('rest-unreachable-sip-404', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'failed with SIP 404: the number does not exist.',
  provenance: 'spec §6 O4, §6.1 404 (S1)',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'failed', 1, { dur: 0, sip: 404 }), E('advance', 'failed', 'R10')),
  ],
  final: { status: 'failed', outcome: { outcome: 'unreachable', rule: 'O4', sipResponseCode: 404 } },
});
add('rest-unreachable-error-13224', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'failed with ErrorCode 13224 (number invalid or not supported), no SIP code.',
  provenance: 'spec §6 O4, §6.2 13224',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'failed', 1, { err: 13224 }), E('advance', 'failed')),
  ],
  final: { status: 'failed', outcome: { outcome: 'unreachable', rule: 'O4', errorCode: 13224 } },
});
add('rest-failed-blocked', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'failed with ErrorCode 32017: the carrier blocked the caller ID.',
  provenance: 'spec §6 O6 (blocked), §6.2 32017',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'failed', 2, { sip: 603, err: 32017 }), E('advance', 'failed')),
  ],
  final: { status: 'failed', outcome: { outcome: 'failed', blocked: true, rule: 'O6', errorCode: 32017 } },
});
add('rest-failed-503', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'failed with SIP 503: a carrier failure, not a bad number.',
  provenance: 'spec §6 O6, §6.1 503',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'failed', 1, { sip: 503 }), E('advance', 'failed')),
  ],
  final: { status: 'failed', outcome: { outcome: 'failed', rule: 'O6', sipResponseCode: 503 } },
});
add('rest-canceled', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'Canceled through the REST API while ringing.',
  provenance: 'spec §5.1 canceled, §6 O5; R10',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'canceled', 2, { sip: 487 }), E('advance', 'canceled', 'R13')),
  ],
  final: { status: 'canceled', outcome: { outcome: 'canceled', rule: 'O5' } },
});
add('rest-dropped-sip', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'Answered, then completed with SIP 503: dropped (a heuristic, not a Twilio status).',
  provenance: 'spec §6 O7 (SipResponseCode ≥ 400 on the completed event)',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'completed', 3, { dur: 95, sip: 503 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'dropped', rule: 'O7', sipResponseCode: 503 } },
});
add('rest-dropped-short', {
  category: 'outcome', subject: 'leg', permutable: true, options: { droppedBelowSeconds: 5 },
  description: 'Answered and completed after 2 s with no machine verdict; the threshold is 5 s.',
  provenance: 'spec §6 O7 (CallDuration below a configurable threshold)',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'completed', 3, { dur: 2, sip: 200 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'dropped', rule: 'O7' } },
});
add('rest-short-machine-not-dropped', {
  category: 'amd', subject: 'leg', permutable: true, options: { droppedBelowSeconds: 5 },
  description: 'A 3 s call with an async AMD machine verdict: a machine, not a drop (O8 before O7).',
  provenance: 'spec §6 evaluation order (O8, then O7); §7 async AMD',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(amd(P, 'machine_start'), E('annotate', 'in-progress', 'R15')),
    ev(status(P, 'completed', 3, { dur: 3 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', answeredBy: 'machine', rule: 'O8' } },
});
add('rest-pending', {
  category: 'outcome', subject: 'leg', permutable: true,
  description: 'Still ringing: no terminal event yet.',
  provenance: 'spec §6 O9',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
  ],
  final: { status: 'ringing', outcome: { outcome: 'pending', rule: 'O9' } },
});
add('rest-gap-only-completed', {
  category: 'gaps', subject: 'leg', permutable: true,
  description: 'Only the completed event was subscribed (SequenceNumber 3: earlier events fired unsent). Gaps are normal; completed implies answered.',
  provenance: 'spec R6 (gaps), R11, O1',
  events: [
    ev(status(P, 'completed', 3, { dur: 17 }), E('advance', 'completed', 'R11')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1', evidence: { inProgressSeen: false } } },
});

// ------------------------------------------------------------- delivery: duplicates, late, ...
add('duplicates', {
  category: 'duplicates', subject: 'leg', permutable: true,
  description: 'Every event delivered twice (retries after a slow response): the second copy is a duplicate.',
  provenance: 'spec R7, §1 Delivery (S12 retry count)',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'initiated', 0), E('duplicate', 'initiated', 'R7')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'ringing', 1), E('duplicate', 'ringing', 'R7')),
    ev(status(P, 'completed', 2, { dur: 30 }), E('advance', 'completed')),
    ev(status(P, 'completed', 2, { dur: 30 }), E('duplicate', 'completed', 'R7')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1' } },
});
add('late-arrivals', {
  category: 'late', subject: 'leg', permutable: true,
  description: 'completed arrives first; ringing, in-progress and initiated trickle in later: history only, never a regression.',
  provenance: 'spec R6 (arrival order not guaranteed), R8',
  events: [
    ev(status(P, 'completed', 3, { dur: 61, sip: 200 }), E('advance', 'completed', 'R11')),
    ev(status(P, 'ringing', 1), E('late', 'completed', 'R8')),
    ev(status(P, 'in-progress', 2), E('late', 'completed', 'R8')),
    ev(status(P, 'initiated', 0), E('late', 'completed', 'R8')),
    ev(status(P, 'ringing', 1), E('duplicate', 'completed', 'R7')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1', evidence: { inProgressSeen: true } } },
});
add('late-out-of-order-middle', {
  category: 'late', subject: 'leg', permutable: true,
  description: 'in-progress before ringing: ringing is late; then busy would be illegal, but the leg completes.',
  provenance: 'spec R8',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'ringing', 1), E('late', 'in-progress', 'R8')),
    ev(status(P, 'completed', 3, { dur: 12 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1' } },
});
add('conflict-second-terminal', {
  category: 'conflict', subject: 'leg', permutable: false,
  description: 'A second, different terminal status: a conflict; the first terminal status stays.',
  provenance: 'spec R1',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'completed', 2, { dur: 20 }), E('advance', 'completed')),
    ev(status(P, 'busy', 3, { sip: 486 }), E('conflict', 'completed', 'R1')),
    ev(status(P, 'no-answer', 1), E('conflict', 'completed', 'R1')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1', evidence: { conflicts: ['busy', 'no-answer'] } } },
});
add('illegal-in-progress-busy', {
  category: 'illegal', subject: 'leg', permutable: false,
  description: 'busy after in-progress is illegal (after in-progress only completed may follow); the leg stays pending.',
  provenance: 'spec R10, §5.4',
  events: [
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'busy', 3, { sip: 486 }), E('illegal', 'in-progress', 'R10')),
  ],
  final: { status: 'in-progress', outcome: { outcome: 'pending', rule: 'O9' } },
});
add('illegal-child-queued', {
  category: 'illegal', subject: 'leg', permutable: false,
  description: 'A <Dial> child reporting queued: children are never queued.',
  provenance: 'spec R3, §5.4 note "Children: (none) → queued is illegal"',
  events: [
    ev(status(A, 'queued', 0), E('illegal', null, 'R3')),
    ev(status(A, 'ringing', 1), E('advance', 'ringing')),
    ev(status(A, 'completed', 2, { dur: 40 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1', callSid: A } },
});
add('voice-request-rank', {
  category: 'late', subject: 'leg', permutable: true,
  description: 'The answer-URL voice request (in-progress, no SequenceNumber) arrives before the ringing callback: ringing is late by rank.',
  provenance: 'spec R8 ("or rank, when there is no number"); issue: voice requests move the state by rank',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(voice(P, 'in-progress'), E('advance', 'in-progress')),
    ev(status(P, 'ringing', 1), E('late', 'in-progress', 'R8')),
    ev(status(P, 'in-progress', 2), E('duplicate', 'in-progress', 'R7')),
    ev(status(P, 'completed', 3, { dur: 33 }), E('advance', 'completed')),
    ev(voice(P, 'in-progress'), E('late', 'completed', 'R8')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1' } },
});

// ---------------------------------------------------------------------------------- AMD
add('amd-async-machine-after-completed', {
  category: 'amd', subject: 'leg', permutable: true,
  description: 'The async AMD callback (machine_end_beep) arrives after completed: it still refines the outcome.',
  provenance: 'spec §7 (async callback before or after the status callbacks), R15, O8',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'ringing', 1), E('advance', 'ringing')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'completed', 3, { dur: 25 }), E('advance', 'completed')),
    ev(amd(P, 'machine_end_beep'), E('annotate', 'completed', 'R15')),
    ev(amd(P, 'machine_end_beep'), E('duplicate', 'completed', 'R15')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', answeredBy: 'machine', rule: 'O8', evidence: { answeredBy: 'machine_end_beep' } } },
});
add('amd-sync-human', {
  category: 'amd', subject: 'leg', permutable: true,
  description: 'Synchronous AMD: AnsweredBy=human on the answered (in-progress) event.',
  provenance: 'spec §7, R15; O1',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(P, 'in-progress', 2, { ab: 'human' }), E('advance', 'in-progress')),
    ev(status(P, 'completed', 3, { dur: 120 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', answeredBy: 'human', rule: 'O1' } },
});
add('amd-fax-first', {
  category: 'amd', subject: 'leg', permutable: true,
  description: 'The async AMD callback (fax) arrives before any status callback.',
  provenance: 'spec §7, R15, O8',
  events: [
    ev(amd(P, 'fax', 1800), E('annotate', null, 'R15')),
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(status(P, 'completed', 3, { dur: 10 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', answeredBy: 'fax', rule: 'O8' } },
});
add('amd-unknown', {
  category: 'amd', subject: 'leg', permutable: true, options: { droppedBelowSeconds: 5 },
  description: 'AMD timed out (unknown); a 45 s call is answered, answeredBy unknown.',
  provenance: 'spec §7 ("unknown = undetermined"), O1',
  events: [
    ev(status(P, 'in-progress', 2), E('advance', 'in-progress')),
    ev(amd(P, 'unknown', 30000), E('annotate', 'in-progress', 'R15')),
    ev(status(P, 'completed', 3, { dur: 45 }), E('advance', 'completed')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', answeredBy: 'unknown', rule: 'O1' } },
});

// -------------------------------------------------------------------------------- inbound legs
add('inbound-answered', {
  category: 'inbound', subject: 'leg', permutable: true,
  description: 'Inbound call: the first voice request (ringing), a gather action (in-progress), then the number\'s status callback (completed, no SequenceNumber).',
  provenance: 'spec R4, §8.1 rule 6',
  events: [
    ev(voice(P, 'ringing', { dir: 'inbound' }), E('advance', 'ringing', 'R4')),
    ev(voice(P, 'in-progress', { dir: 'inbound' }), E('advance', 'in-progress', 'R5')),
    ev(voice(P, 'completed', { dir: 'inbound', dur: 64 }), E('advance', 'completed', 'R10')),
  ],
  final: { status: 'completed', outcome: { outcome: 'answered', rule: 'O1' } },
});
add('inbound-abandoned-canceled', {
  category: 'inbound', subject: 'leg', permutable: true,
  description: 'Inbound caller hangs up while the app is still ringing: canceled, abandoned.',
  provenance: 'spec §5.1 canceled (S9), §6 O5',
  events: [
    ev(voice(P, 'ringing', { dir: 'inbound' }), E('advance', 'ringing', 'R4')),
    ev(voice(P, 'canceled', { dir: 'inbound' }), E('advance', 'canceled', 'R13')),
  ],
  final: { status: 'canceled', outcome: { outcome: 'canceled', abandoned: true, rule: 'O5' } },
});
add('inbound-abandoned-no-answer', {
  category: 'inbound', subject: 'leg', permutable: true,
  description: 'Inbound no-answer before answer is reported as an abandoned call too.',
  provenance: 'spec §6 O5 ("Inbound no-answer before answer is reported too; treat both as abandoned")',
  events: [
    ev(voice(P, 'ringing', { dir: 'inbound' }), E('advance', 'ringing')),
    ev(voice(P, 'no-answer', { dir: 'inbound' }), E('advance', 'no-answer', 'R10')),
  ],
  final: { status: 'no-answer', outcome: { outcome: 'canceled', abandoned: true, rule: 'O5' } },
});
add('inbound-queued-illegal', {
  category: 'illegal', subject: 'leg', permutable: false,
  description: 'An inbound leg never starts queued (REST only).',
  provenance: 'spec §5.4 (none) → queued "ok (REST only)", R4',
  events: [
    ev(voice(P, 'queued', { dir: 'inbound' }), E('illegal', null, 'R2')),
    ev(voice(P, 'ringing', { dir: 'inbound' }), E('advance', 'ringing', 'R4')),
  ],
  final: { status: 'ringing', outcome: { outcome: 'pending', rule: 'O9' } },
});

// ------------------------------------------------------------------------ trees: parent + <Dial>
const childA = (st, seq, o) => status(A, st, seq, o);
const childB = (st, seq, o) => status(B, st, seq, o);

add('tree-one-child-answered', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'Inbound call dials one number, which answers and is bridged; the parent then completes. The business outcome is the child\'s.',
  provenance: 'spec §6 (business outcome is the child\'s), §8, R3',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing', 'R4')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childA('ringing', 1), E('advance', 'ringing')),
    ev(childA('in-progress', 2), E('advance', 'in-progress')),
    ev(childA('completed', 3, { dur: 47, sip: 200 }), E('advance', 'completed')),
    ev(dial({ status: 'completed', child: A, dur: 47, bridged: true }), E('annotate', 'in-progress', 'R14')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: {
    root: P, outcome: { outcome: 'answered', rule: 'O1', callSid: A },
    legs: { [P]: { status: 'completed', outcome: 'answered' }, [A]: { status: 'completed', outcome: 'answered' } },
  },
});
add('tree-one-child-busy', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'The dialled number is busy; the parent completes anyway (its TwiML ran). Business outcome: busy, not the parent\'s completed.',
  provenance: 'spec §6 (not the parent\'s completed), O2',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childA('busy', 1, { sip: 486 }), E('advance', 'busy', 'R10')),
    ev(dial({ status: 'busy', child: A, dur: 0, bridged: false }), E('annotate', 'in-progress', 'R14')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: {
    root: P, outcome: { outcome: 'busy', rule: 'O2', callSid: A },
    legs: { [P]: { status: 'completed', outcome: 'answered' }, [A]: { status: 'busy', outcome: 'busy' } },
  },
});
add('tree-child-no-dial-action-unreachable', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'No action URL: only the child callbacks tell the outcome: failed with SIP 404.',
  provenance: 'spec §6 O4, §8 child-leg callbacks',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childA('failed', 1, { sip: 404 }), E('advance', 'failed')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: { root: P, outcome: { outcome: 'unreachable', rule: 'O4', callSid: A } },
});
add('tree-two-children-one-answers', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'Simultaneous dial of two numbers: A answers and is bridged, B is canceled as the sibling leg.',
  provenance: 'spec §6 O5 (a sibling leg in a simultaneous dial), §8, R13',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childB('initiated', 0), E('advance', 'initiated')),
    ev(childB('ringing', 1), E('advance', 'ringing')),
    ev(childA('ringing', 1), E('advance', 'ringing')),
    ev(childA('in-progress', 2), E('advance', 'in-progress')),
    ev(childB('canceled', 2, { sip: 487 }), E('advance', 'canceled', 'R13')),
    ev(childA('completed', 3, { dur: 80 }), E('advance', 'completed')),
    ev(dial({ status: 'completed', child: A, dur: 80, bridged: true }), E('annotate', 'in-progress')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: {
    root: P, outcome: { outcome: 'answered', rule: 'O1', callSid: A },
    legs: { [A]: { status: 'completed', outcome: 'answered' }, [B]: { status: 'canceled', outcome: 'canceled' } },
  },
});
add('tree-two-children-none-answer', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'Simultaneous dial, no action URL: A rings out, B is busy. No child answered: the most successful outcome, no-answer.',
  provenance: 'spec §6 O3, O2; library rule: most successful candidate wins',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(childA('ringing', 1), E('advance', 'ringing')),
    ev(childB('busy', 1, { sip: 486 }), E('advance', 'busy')),
    ev(childA('no-answer', 2, { sip: 487 }), E('advance', 'no-answer')),
  ],
  final: { root: P, outcome: { outcome: 'no-answer', rule: 'O3', callSid: A } },
});
add('tree-two-children-pending', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'Simultaneous dial, no action yet: A rang out but B is still ringing, so the call is pending.',
  provenance: 'spec §6 O9',
  events: [
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('no-answer', 2), E('advance', 'no-answer')),
    ev(childB('ringing', 1), E('advance', 'ringing')),
  ],
  final: { root: P, outcome: { outcome: 'pending', rule: 'O9' } },
});
add('tree-screened-voicemail', {
  category: 'screened', subject: 'tree', permutable: true,
  description: 'The dialled phone\'s voicemail answers (AMD machine); the whisper screen is never accepted: DialBridged=false. Not connected means no-answer.',
  provenance: 'spec R14, §6 O3 (dial outcome), §7',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childA('ringing', 1), E('advance', 'ringing')),
    ev(childA('in-progress', 2), E('advance', 'in-progress')),
    ev(amd(A, 'machine_end_silence'), E('annotate', 'in-progress', 'R15')),
    ev(childA('completed', 3, { dur: 21 }), E('advance', 'completed')),
    ev(dial({ status: 'completed', child: A, dur: 21, bridged: false }), E('annotate', 'in-progress', 'R14')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: {
    root: P, outcome: { outcome: 'no-answer', rule: 'R14', callSid: A, answeredBy: 'machine', evidence: { dialBridged: false } },
    legs: { [A]: { status: 'completed', outcome: 'answered' } },
  },
});
add('tree-screened-whisper-declined', {
  category: 'screened', subject: 'tree', permutable: true,
  description: 'A person answers the dialled leg but declines the whisper prompt: completed, DialBridged=false.',
  provenance: 'spec R14 ("only DialBridged=true means a human accepted")',
  events: [
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('in-progress', 2), E('advance', 'in-progress')),
    ev(childA('completed', 3, { dur: 6 }), E('advance', 'completed')),
    ev(dial({ status: 'completed', child: A, dur: 6, bridged: false }), E('annotate', 'in-progress', 'R14')),
  ],
  final: { root: P, outcome: { outcome: 'no-answer', rule: 'R14', callSid: A } },
});
add('tree-child-first', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'The child callbacks arrive before anything from the parent: ParentCallSid creates the parent leg.',
  provenance: 'spec §8 (ParentCallSid), R6 (arrival order)',
  events: [
    ev(childA('completed', 3, { dur: 15 }), E('advance', 'completed', 'R11')),
    ev(childA('ringing', 1), E('late', 'completed', 'R8')),
    ev(parentInbound('ringing'), E('advance', 'ringing')),
  ],
  final: { root: P, outcome: { outcome: 'answered', rule: 'O1', callSid: A } },
});
add('tree-parent-hangs-up', {
  category: 'tree', subject: 'tree', permutable: true,
  description: 'The caller hangs up while the child is ringing: the child ends canceled, the dial action says canceled.',
  provenance: 'spec R13, §6 O5',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('initiated', 0), E('advance', 'initiated')),
    ev(childA('ringing', 1), E('advance', 'ringing')),
    ev(childA('canceled', 2, { sip: 487 }), E('advance', 'canceled', 'R13')),
    ev(dial({ status: 'canceled', child: A, parentStatus: 'completed' }), E('annotate', 'in-progress')),
    ev(parentInbound('completed'), E('advance', 'completed')),
  ],
  final: { root: P, outcome: { outcome: 'canceled', rule: 'O5', callSid: A } },
});
add('tree-recording-and-other-call', {
  category: 'tree', subject: 'tree', permutable: false,
  description: 'Recording status callbacks on the parent (R16) annotate; an event of another call is other-call.',
  provenance: 'spec R16, §4; per-CallSid state',
  events: [
    ev(parentInbound('ringing'), E('advance', 'ringing')),
    ev(parentInbound('in-progress'), E('advance', 'in-progress')),
    ev(childA('in-progress', 2), E('advance', 'in-progress')),
    ev(status(X, 'ringing', 1, { dir: 'outbound-api' }), E('other-call', null, 'R6')),
    ev(childA('completed', 3, { dur: 200 }), E('advance', 'completed')),
    ev(recording(P, 'in-progress'), E('annotate', 'in-progress', 'R16')),
    ev(recording(P, 'completed'), E('annotate', 'in-progress', 'R16')),
    ev(recording(P, 'completed'), E('duplicate', 'in-progress', 'R16')),
    ev(dial({ status: 'completed', child: A, dur: 200, bridged: true }), E('annotate', 'in-progress')),
  ],
  final: { root: P, outcome: { outcome: 'answered', rule: 'O1', callSid: A } },
});

// Tracker-level other-call (one leg).
add('leg-other-call', {
  category: 'other-call', subject: 'leg', permutable: false,
  description: 'A tracker follows one CallSid; events of another call are other-call.',
  provenance: 'spec "Track state per CallSid"',
  events: [
    ev(status(P, 'initiated', 0), E('advance', 'initiated')),
    ev(status(X, 'completed', 3), E('other-call', 'initiated', 'R6')),
    ev(amd(X, 'human'), E('other-call', 'initiated', 'R6')),
  ],
  final: { status: 'initiated', outcome: { outcome: 'pending', rule: 'O9' } },
});

for (const f of readdirSync(DIR)) if (f.endsWith('.json')) rmSync(DIR + f);
for (const { name, ...s } of S) {
  const { category, subject, permutable, options, description, provenance, events, final } = s;
  const out = { description, provenance, category, subject, permutable, ...(options ? { options } : {}), events, final };
  writeFileSync(`${DIR}${name}.json`, JSON.stringify(out, null, 2) + '\n');
}
console.log(`wrote ${S.length} scenarios to ${DIR}`);
