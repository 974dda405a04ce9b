import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childEnv } from './child-env.ts';
import { ARTIFACTS_DIR, REPO_ROOT, WEB_DIST_DIR } from './paths.ts';

export interface RunningPlatform {
  baseUrl: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 10_000;

/** Asks the OS for a port nobody uses; the tiny gap before the child binds it is acceptable here. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function tail(file: string, lines = 40): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts `node server/bin/onecity.js start` on free ports with a fresh data directory, so
 * the run sees a freshly seeded demo city and leaves nothing behind. `E2E_BASE_URL` points the
 * tests at a platform that is already running instead.
 */
export async function startPlatform(): Promise<RunningPlatform> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    return { baseUrl: external.replace(/\/+$/, ''), stop: async () => {} };
  }

  const entry = path.join(REPO_ROOT, 'server', 'bin', 'onecity.js');
  await fs.access(entry).catch(() => {
    throw new Error(`${entry} does not exist: the server has to be built before the e2e tests`);
  });

  const [port, mqttPort] = [await freePort(), await freePort()];
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'onecity-e2e-'));
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  const logFile = path.join(ARTIFACTS_DIR, 'server.log');
  const log = createWriteStream(logFile);

  const child = spawn(process.execPath, [entry, 'start'], {
    cwd: REPO_ROOT,
    env: {
      ...childEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      ONECITY_DATA_DIR: dataDir,
      ONECITY_MQTT_PORT: String(mqttPort),
      ONECITY_WEB_DIR: WEB_DIST_DIR,
      // The tests drive demo devices themselves; the live demo's simulator would overwrite
      // their readings and clear their alerts (E2E_LIVE_DEMO=true keeps it for a look around).
      ONECITY_DEMO_SIMULATE: process.env.E2E_LIVE_DEMO === 'true' ? 'true' : 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited(child).then(() => true),
        sleep(STOP_GRACE_MS).then(() => false),
      ]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    log.end();
    if (!process.env.E2E_KEEP_DATA) await fs.rm(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady(baseUrl))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `The platform exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${await tail(logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s:\n${await tail(logFile)}`,
      );
    }
    await sleep(500);
  }
  return { baseUrl, stop };
}
