// A Cloudflare Worker that verifies every Twilio Voice callback, keeps one CallTree per call in a
// Durable Object, and answers with the call's current outcome.
//
//   POST /twilio/callbacks[?call=<parent CallSid>]   status, voice, dial-action, AMD, recording callbacks
//   GET  /calls/<parent CallSid>                      { outcome, legs } as JSON
//
// One Durable Object per call handles its requests one at a time, so two callbacks of the same
// call arriving together cannot overwrite each other's update (KV is last-write-wins).
import { DurableObject } from 'cloudflare:workers';
import { CallTree, withTwilioWebhook } from 'twilio-webhook';

/** One call: its CallTree, kept in the object's storage between requests. */
export class Call extends DurableObject {
  async fetch(request) {
    const tree = new CallTree(await this.ctx.storage.get('tree'), { droppedBelowSeconds: 5 });
    if (request.method === 'POST') {
      const applied = tree.apply(await request.json());
      await this.ctx.storage.put('tree', tree.toJSON());
      return Response.json({ effect: applied.effect, outcome: tree.outcome });
    }
    return Response.json({ outcome: tree.outcome, legs: tree.legs });
  }
}

const callbacks = withTwilioWebhook(
  async (request, { callback }, env) => {
    if (!callback) return new Response('not a Voice callback', { status: 400 });
    // Add ?call=<parent CallSid> to the amdStatusCallback of <Dial> children: an AMD callback
    // names no parent.
    const call = new URL(request.url).searchParams.get('call') ?? callback.parentCallSid ?? callback.callSid;
    if (!call) return new Response('no CallSid', { status: 400 });
    const stub = env.CALLS.get(env.CALLS.idFromName(call));
    return stub.fetch('https://call/apply', { method: 'POST', body: JSON.stringify(callback) });
  },
  // Behind a custom domain or proxy, also pass `url`: the public URL configured in Twilio.
  (request, env) => ({ authToken: env.TWILIO_AUTH_TOKEN }),
);

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/twilio/callbacks') return callbacks(request, env, ctx);
    if (request.method === 'GET' && pathname.startsWith('/calls/')) {
      const call = decodeURIComponent(pathname.slice('/calls/'.length));
      return env.CALLS.get(env.CALLS.idFromName(call)).fetch('https://call/state');
    }
    return new Response('not found', { status: 404 });
  },
};
