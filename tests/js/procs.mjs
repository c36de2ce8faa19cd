// Child processes of the JS suites and benches (wrangler dev, servers): each is started in its own
// process group and added to `live`, so a whole group is killed when the test ends, when this
// process exits, or on Ctrl-C, and no workerd is left behind holding a port.
import { spawn } from 'node:child_process';
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

/**
 * Starts a long-running process in its own process group, tracked in `live`; keeps its output
 * (`proc.log`) for error messages. `proc.exited` resolves to its exit code.
 */
export function start(name, cmd, args, { cwd, env = {} } = {}) {
  const child = spawn(cmd, args, {
    cwd,
    detached: true,
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env },
  });
  live.add(child);
  const proc = { name, child, log: '' };
  child.stdout.on('data', (d) => (proc.log += d));
  child.stderr.on('data', (d) => (proc.log += d));
  proc.exited = new Promise((done) => child.on('close', done));
  return proc;
}

/** Stops a started process's group: SIGTERM, then SIGKILL after 3 s. */
export async function stop(proc) {
  if (proc.child.exitCode === null && proc.child.signalCode === null) {
    killGroup(proc.child);
    const timer = setTimeout(() => killGroup(proc.child, 'SIGKILL'), 3_000);
    await proc.exited;
    clearTimeout(timer);
  }
  live.delete(proc.child);
}
