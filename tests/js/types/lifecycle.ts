// The lifecycle types of `twilio-webhook` (CallTracker, CallTree, canTransition).
import {
  canTransition,
  CallTracker,
  CallTree,
  parseCallback,
  type Applied,
  type CallStatus,
  type Effect,
  type LegView,
  type LifecycleOptions,
  type Outcome,
  type OutcomeKind,
  type TrackerState,
  type TreeState,
} from 'twilio-webhook';

const ok: boolean = canTransition(null, 'queued') && canTransition('ringing', 'completed');
const options: LifecycleOptions = { droppedBelowSeconds: 5 };
const tracker = new CallTracker(undefined, options);
const applied: Applied = tracker.apply('CallSid=CA1&CallStatus=ringing');
const effect: Effect = applied.effect;
const after: CallStatus | null = applied.status;
tracker.apply(new Uint8Array(0));
tracker.apply(parseCallback('CallSid=CA1&CallStatus=ringing'));
const status: CallStatus | null = tracker.status;
const outcome: Outcome = tracker.outcome;
const kind: OutcomeKind = outcome.outcome;
const who: 'human' | 'machine' | 'fax' | 'unknown' | undefined = outcome.answeredBy;
const state: TrackerState = tracker.toJSON();
const version: 1 = state.version;
const again = new CallTracker(JSON.parse(JSON.stringify(state)) as TrackerState);

const tree = new CallTree();
tree.apply('CallSid=CA1&CallStatus=ringing');
const legs: Record<string, LegView> = tree.legs;
const root: string | null = tree.root;
const treeState: TreeState = tree.toJSON();
const restored = new CallTree(treeState, { droppedBelowSeconds: 3 });
const business: OutcomeKind = restored.outcome.outcome;

// @ts-expect-error: not a call status
canTransition('answered', 'busy');
// @ts-expect-error: the outcome is read-only
tracker.outcome = outcome;

export { ok, effect, after, status, kind, who, version, again, legs, root, business };
