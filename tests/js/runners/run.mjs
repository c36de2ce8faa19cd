// KAT runner for ESM runtimes (Node, Bun, Deno): imports the installed package by name, so each
// runtime picks its own `exports` condition. Needs no permission in Deno (module imports only).
import * as pkg from 'twilio-webhook';
import { runKat } from './kat.mjs';
import vectors from './vectors.json' with { type: 'json' };

const result = await runKat(pkg, vectors);
result.entry = import.meta.resolve('twilio-webhook');
console.log(JSON.stringify(result));
