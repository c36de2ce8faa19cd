#!/usr/bin/env node
// Serves a static directory (default target/site/) on 127.0.0.1 and prints its URL.
//
//   node scripts/serve-site.mjs [DIR] [--port N]   (port 0, the default, picks a free one; a taken
//                                                  port N falls back to a free one)
//
// Prints one line `inspector: http://127.0.0.1:PORT/` once listening (the browser test reads it),
// then logs nothing else. Only GET and HEAD of existing files inside DIR; .wasm is served as
// application/wasm so browsers can compile it while streaming. No caching, no directory listing.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args.splice(portAt, 2)[1]) : Number(process.env.PORT ?? 0);
const DIR = resolve(ROOT, args[0] ?? 'target/site');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

const server = createServer(async (req, res) => {
  const send = (status, body = '', type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    return send(400, 'bad request\n');
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(DIR, path));
  const type = TYPES[extname(file)];
  if (!file.startsWith(DIR + sep) || !type) return send(404, 'not found\n');
  try {
    if (!(await stat(file)).isFile()) return send(404, 'not found\n');
    send(200, await readFile(file), type);
  } catch {
    send(404, 'not found\n');
  }
});

server.on('error', (e) => {
  // A taken port is not fatal: any free one will do, and its URL is printed.
  if (e.code === 'EADDRINUSE' && port !== 0) {
    console.error(`serve-site: port ${port} is in use; picking a free one`);
    server.listen(0, '127.0.0.1');
    return;
  }
  console.error(`serve-site: ${e.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1');
server.on('listening', () => {
  console.log(`inspector: http://127.0.0.1:${server.address().port}/`);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => process.exit(0));
}
