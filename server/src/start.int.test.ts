import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../bin/onecity.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      ONECITY_DATA_DIR: 'memory://',
      ONECITY_SEED_DEMO: 'false',
      ONECITY_DATABASE_URL: '',
      ONECITY_NATS_URL: '',
      ONECITY_LOG_FORMAT: 'json',
      ONECITY_MQTT_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(predicate: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('onecity start', () => {
  it('says clearly that the port is in use, without a stack trace', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    try {
      const run = start({ PORT: String(port) });
      const code = await run.exited;
      expect(code).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('says clearly that the MQTT port is in use (Mosquitto often holds 1883)', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    try {
      const run = start({ PORT: String(await freePort()), ONECITY_MQTT_PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`MQTT port ${port} is already in use`);
      expect(run.output()).toContain('ONECITY_MQTT_PORT');
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('finishes in-flight work and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port) });
    await until(() => run.output().includes('OneCity is ready'));
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('"msg":"stopped"');
  });
});
