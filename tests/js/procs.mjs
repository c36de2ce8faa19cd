// Child processes of the JS suites and benches (wrangler dev, servers): each is started in its own
// process group and added to `live`, so a whole group is killed when the test ends, when this
// process exits, or on Ctrl-C, and no workerd is left behind holding a port.
import { createServer } from 'node:net';

/** Processes still running. */
export const live = new Set();

/** Signals a child's whole process group (wrangler forks workerd); a gone group is no error. */
export function killGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** Kills every live group. */
export function killAll() {
  live.forEach((c) => killGroup(c, 'SIGKILL'));
}

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGPIPE']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}
