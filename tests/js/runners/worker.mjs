// KAT worker for workerd (wrangler dev, no nodejs_compat): named imports, as users write them,
// so a bundler that skipped the entry's initialisation would show up as not_initialized.
import {
  canTransition,
  CallTracker,
  CallTree,
  getExpectedBodyHash,
  getExpectedTwilioSignature,
  parseCallback,
  signingString,
  validateRequest,
  validateRequestWithBody,
  verify,
  verifyRequest,
  WebhookError,
} from 'twilio-webhook';
import { runKat } from './kat.mjs';
import vectors from './vectors.json';

const pkg = {
  canTransition,
  CallTracker,
  CallTree,
  getExpectedBodyHash,
  getExpectedTwilioSignature,
  parseCallback,
  signingString,
  validateRequest,
  validateRequestWithBody,
  verify,
  verifyRequest,
  WebhookError,
};

export default {
  async fetch() {
    try {
      return Response.json(await runKat(pkg, vectors));
    } catch (e) {
      return Response.json({ error: String(e && e.stack || e) }, { status: 500 });
    }
  },
};
