// (a) twilio-webhook, the npm package (its "workerd" export), no nodejs_compat: raw bytes -> verdict.
import { verify } from 'twilio-webhook';
import { benchWorker, TOKEN, URL_SIGNED } from './harness.mjs';

const keys = { authToken: TOKEN };
const FORM = 'application/x-www-form-urlencoded';

export default benchWorker(
  (body, signature) => verify({ url: URL_SIGNED, contentType: FORM, body, signature }, keys).valid,
);
