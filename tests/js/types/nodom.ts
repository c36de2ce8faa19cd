// Compiles with lib es2022 only: the main entry's types do not need DOM or @types/node.
import { verify, verifyRequest, type Verification } from 'twilio-webhook';

const v: Verification = verify({ url: 'https://h/x', body: new Uint8Array(0), signature: null }, { authToken: 't' });
const w = verifyRequest(
  { url: 'https://h/x', method: 'GET', headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) },
  { authToken: 't' },
);
export { v, w };
