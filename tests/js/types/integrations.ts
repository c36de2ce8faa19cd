// The integrations' types (webhook, withTwilioWebhook) against the installed package, without
// @types/express: structural request/response types.
import { webhook, withTwilioWebhook, type NodeRequestLike, type NodeResponseLike, type VerifiedWebhook } from 'twilio-webhook';

const mw: (req: NodeRequestLike, res: NodeResponseLike, next: (err?: unknown) => void) => void = webhook();
webhook('token');
webhook({ authToken: 't', authTokens: ['old'], trustProxy: true, protocol: 'https', host: 'example.com' });
webhook({ url: (req) => `https://example.com${String(req.originalUrl)}`, validate: false }, 'token');
webhook({ authToken: 't', limits: { maxBodyBytes: 64 * 1024, maxParams: 200 } });
void mw;

declare const req: NodeRequestLike;
const status: string | undefined = req.twilio?.callback?.kind;
const keyIndex: number | undefined = req.twilio?.verification.keyIndex;
void status;
void keyIndex;

interface Env { TWILIO_AUTH_TOKEN: string }
const worker = {
  fetch: withTwilioWebhook(
    (request: Request, { verification, callback }: VerifiedWebhook, env: Env) =>
      new Response(`${verification.keyIndex} ${callback?.kind ?? ''} ${env.TWILIO_AUTH_TOKEN.length}`),
    (request, env) => ({ authToken: env.TWILIO_AUTH_TOKEN, onInvalid: (v) => console.warn(v.reason, v.hints) }),
  ),
};
const res: Promise<Response> = worker.fetch(new Request('https://example.com/'), { TWILIO_AUTH_TOKEN: 'x' });
void res;

export const POST = withTwilioWebhook(async (request: Request) => new Response(request.url), { url: 'https://example.com/voice' });
export const LIMITED = withTwilioWebhook(async (request: Request) => new Response(request.url), { limits: { maxUrlBytes: 4096 } });
