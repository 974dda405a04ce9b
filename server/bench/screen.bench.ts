/**
 * The big screen under load (issue 7), on the embedded profile (`npm start`'s PGlite):
 *
 *   npm run bench:screen -- [--devices 100000] [--screens 20] [--seconds 30]
 *                           [--cases-per-second 5] [--alerts-per-second 2]
 *                           [--readings-per-second 200] [--skip-browser] [--skip-cpu]
 *
 * 1. Seeds the demo city, then bulk-imports devices through POST /api/v1/iot/devices/import
 *    (CSV) up to --devices in total.
 * 2. First meaningful render: Debian's Chromium (playwright-core, as e2e/ does) logs in as
 *    admin and opens /screen; the figure is `window.__onecityScreenReady` (performance.now()
 *    when the map and the device layer first drew with data, i.e. ms since navigation
 *    start). Cold = the server's caches empty; warm = a reload. The /screen/devices payload is
 *    measured from Node as well.
 * 3. CPU of the screens: the same event flow (cases reported over HTTP, alerts raised and
 *    readings stored through the real ingest path) runs twice for --seconds, first with no
 *    screen, then with --screens SSE screens open in a separate process (so their own
 *    parsing is not counted). The server process's CPU (process.cpuUsage) of each run is
 *    compared: the difference is what the screens cost. Target: < 0.25 core.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { OneCity } from '../src/app.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-people.ts';
import type { IngestMessage } from '../src/modules/iot/index.ts';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '100000' },
    screens: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    'cases-per-second': { type: 'string', default: '5' },
    'alerts-per-second': { type: 'string', default: '2' },
    'readings-per-second': { type: 'string', default: '200' },
    'skip-browser': { type: 'boolean', default: false },
    'skip-cpu': { type: 'boolean', default: false },
    /** Keep the database here between runs (seed and import happen once). */
    'data-dir': { type: 'string' },
  },
});
const wantDevices = Number(values.devices);
const screenCount = Number(values.screens);
const seconds = Number(values.seconds);
const casesPerSecond = Number(values['cases-per-second']);
const alertsPerSecond = Number(values['alerts-per-second']);
const readingsPerSecond = Number(values['readings-per-second']);
const here = path.dirname(fileURLToPath(import.meta.url));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

console.log(`bench:screen — ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
console.log(`load average at start: ${load()}`);
// The browser tests' own helpers (Debian's Chromium, the login page, the web build), imported
// by URL so the server's type check does not take in their DOM code.
const e2e = (file: string): Promise<unknown> =>
  import(new URL(`../../e2e/support/${file}`, import.meta.url).href);
if (!values['skip-browser']) {
  // Before the server starts: it serves the files web/dist holds when it starts.
  const { ensureWebBuild } = (await e2e('web-build.ts')) as {
    ensureWebBuild: () => Promise<void>;
  };
  await ensureWebBuild();
}
const keepData = values['data-dir'] !== undefined;
const dataDir = keepData
  ? path.resolve(values['data-dir'] as string)
  : await fs.mkdtemp(path.join(os.tmpdir(), 'onecity-bench-screen-'));
const port = await freePort();
const app = await OneCity.create({
  config: loadConfig({
    ONECITY_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ONECITY_MQTT_PORT: String(await freePort()),
    ONECITY_LOG_LEVEL: 'warn',
  }),
  logger: createLogger('warn'),
});
let exitCode = 0;
try {
  let started = performance.now();
  await app.prepare();
  const base = (await app.listen()).replace('0.0.0.0', '127.0.0.1');
  console.log(
    `demo city seeded and listening at ${base} in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );

  const inject = async <T>(
    method: 'GET' | 'POST',
    url: string,
    token: string,
    payload?: unknown,
    contentType?: string,
  ) => {
    const response = await app.http.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${token}`,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    }
    return response.json<T>();
  };
  const login = async (username: string) =>
    (
      await app.http
        .inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username, password: DEMO_PASSWORD },
        })
        .then((r) => r.json<{ accessToken: string }>())
    ).accessToken;
  const admin = await login('admin');
  const commander = await login('commander');

  // —— 1. devices up to --devices, through the bulk import API ——
  const grids = app.regions.list({ level: 'grid', limit: 100_000, offset: 0 }).items;
  const products = app.iot.registry.cachedProducts().map((p) => p.id);
  const [{ n: existing } = { n: 0 }] = await app.platform.db.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM iot_devices`,
  );
  let seed = 7;
  const rand = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const missing = Math.max(0, wantDevices - Number(existing));
  started = performance.now();
  let importFailed = 0;
  let firstFailure = '';
  for (let from = 0; from < missing; from += 50_000) {
    const lines = ['name,productId,lng,lat,tags,departmentId,token'];
    for (let i = from; i < Math.min(missing, from + 50_000); i++) {
      const grid = grids[Math.floor(rand() * grids.length)];
      if (!grid) continue;
      const [lng, lat] = app.regions.get(grid.id).centroid;
      const product = products[i % products.length];
      lines.push(
        `屏幕压测-${Number(existing) + i},${product},${(lng + (rand() - 0.5) * 0.004).toFixed(6)},${(lat + (rand() - 0.5) * 0.004).toFixed(6)},,,`,
      );
    }
    const report = await inject<{
      created: number;
      failed: number;
      errors: Array<{ row: number; field: string; message: string }>;
    }>('POST', '/api/v1/iot/devices/import', admin, lines.join('\n'), 'text/csv');
    importFailed += report.failed;
    if (report.failed > 0 && !firstFailure) firstFailure = JSON.stringify(report.errors[0]);
  }
  const importSeconds = (performance.now() - started) / 1000;
  if (importFailed > 0) {
    console.log(`  (${importFailed} import rows refused, e.g. ${firstFailure}; the rest stored)`);
  }
  const city = await inject<{ devices: { total: number } }>(
    'GET',
    '/api/v1/screen/overview',
    admin,
  );
  console.log(
    `devices: ${fmt(Number(existing))} from the demo seed + ${fmt(missing)} imported (CSV, ${fmt(importSeconds, 1)} s) = ${fmt(city.devices.total)}`,
  );

  // —— 2. first meaningful render ——
  const devicesUrl = `${base}/api/v1/screen/devices`;
  const timeDevices = async () => {
    const t0 = performance.now();
    const response = await fetch(devicesUrl, { headers: { authorization: `Bearer ${admin}` } });
    const bytes = (await response.arrayBuffer()).byteLength;
    return { ms: performance.now() - t0, bytes };
  };
  if (!values['skip-browser']) {
    const { launchBrowser } = (await e2e('browser.ts')) as {
      launchBrowser: () => Promise<Browser>;
    };
    const { newContext, watchPageErrors } = (await e2e('browser.ts')) as {
      newContext: (browser: Browser, base: string) => Promise<BrowserContext>;
      watchPageErrors: (page: Page) => string[];
    };
    const { logIn } = (await e2e('session.ts')) as {
      logIn: (page: Page, username: string, password: string) => Promise<void>;
    };
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser, base);
      const page = await context.newPage();
      page.setDefaultTimeout(120_000);
      const pageErrors = watchPageErrors(page);
      try {
        await page.goto('/login');
        await page.getByTestId('login-username').waitFor();
        await logIn(page, 'admin', DEMO_PASSWORD);
        await page.waitForURL((url) => !/login|oidc/.test(url.pathname));
      } catch (error) {
        const shot = path.join(os.tmpdir(), 'bench-screen-login.png');
        await page.screenshot({ path: shot }).catch(() => undefined);
        console.log(`login failed at ${page.url()}; screenshot: ${shot}`);
        console.log(pageErrors.slice(0, 10).join('\n'));
        throw error;
      }
      await page.setViewportSize({ width: 1920, height: 1080 });
      const render = async (label: string) => {
        await page.goto('/screen');
        await page.waitForFunction(
          () =>
            (globalThis as unknown as { __onecityScreenReady?: number }).__onecityScreenReady !==
            undefined,
          undefined,
          { timeout: 60_000, polling: 50 },
        );
        const result = await page.evaluate(() => {
          const entry = performance
            .getEntriesByType('resource')
            .find((e) => e.name.includes('/api/v1/screen/devices')) as
            | { name: string; startTime: number; responseEnd: number; encodedBodySize: number }
            | undefined;
          return {
            ready: (globalThis as unknown as { __onecityScreenReady: number }).__onecityScreenReady,
            devicesMs: entry ? entry.responseEnd - entry.startTime : null,
            devicesBytes: entry ? entry.encodedBodySize : null,
          };
        });
        console.log(
          `first meaningful render (${label}): ${fmt(result.ready)} ms from navigation` +
            (result.devicesMs !== null
              ? `; /screen/devices ${fmt(result.devicesMs)} ms, ${fmt((result.devicesBytes ?? 0) / 1e6, 2)} MB`
              : ''),
        );
        return result.ready;
      };
      const cold = await render('first load after the server started');
      const warm = await render('second load');
      console.log(
        `  target < 3,000 ms: ${cold < 3000 ? 'met' : 'MISSED'} (cold), ${warm < 3000 ? 'met' : 'MISSED'} (warm)`,
      );
      await context.close();
    } finally {
      await browser.close();
    }
  }
  app.screen.aggregator.changed(null, ['devices']);
  const cold = await timeDevices();
  const warm = await timeDevices();
  console.log(
    `/api/v1/screen/devices from Node: ${fmt(cold.bytes / 1e6, 2)} MB for ${fmt(city.devices.total)} devices; ${fmt(cold.ms)} ms computed, ${fmt(warm.ms)} ms cached`,
  );

  // —— 3. CPU of twenty screens ——
  if (!values['skip-cpu']) {
    await inject('POST', '/api/v1/alert-rules', admin, {
      name: '压测：广告牌倾斜',
      severity: 'major',
      productId: 'billboard-tilt',
      condition: { type: 'threshold', key: 'tiltX', op: '>', value: 10 },
    });
    const tokens = (
      await app.platform.db.rows<{ token: string }>(
        sql`SELECT token FROM iot_devices WHERE product_id = 'billboard-tilt' ORDER BY name`,
      )
    ).map((r) => r.token);
    const classes = app.cases.catalog.listClasses().filter((c) => c.enabled);
    let alertIndex = 0;
    let readingIndex = 0;
    let caseIndex = 0;
    const telemetry = (token: string, body: object): IngestMessage => ({
      token,
      kind: 'telemetry',
      body: JSON.stringify(body),
      receivedAt: new Date(),
    });
    /** A steady flow of facts for `ms`: cases, alerts and readings, ten rounds a second. */
    let owed = { cases: 0, alerts: 0, readings: 0 };
    const flow = async (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const due = Date.now() + 100;
        owed = {
          cases: owed.cases + casesPerSecond / 10,
          alerts: owed.alerts + alertsPerSecond / 10,
          readings: owed.readings + readingsPerSecond / 10,
        };
        const work: Promise<unknown>[] = [];
        for (; owed.cases >= 1; owed.cases -= 1) {
          const grid = grids[(caseIndex * 7919) % grids.length];
          const cls = classes[caseIndex % classes.length];
          caseIndex += 1;
          if (!grid || !cls) continue;
          const [lng, lat] = app.regions.get(grid.id).centroid;
          work.push(
            inject('POST', '/api/v1/cases', commander, {
              classId: cls.id,
              description: `压测：${cls.smallName}（${caseIndex}）`,
              lng,
              lat,
            }),
          );
        }
        const messages: IngestMessage[] = [];
        for (; owed.alerts >= 1; owed.alerts -= 1) {
          const token = tokens[alertIndex++ % tokens.length];
          if (token) messages.push(telemetry(token, { tiltX: 15 }));
        }
        for (; owed.readings >= 1; owed.readings -= 1) {
          const token = tokens[(readingIndex++ * 31) % tokens.length];
          if (token) messages.push(telemetry(token, { tiltX: 1 + (readingIndex % 3), tiltY: 0.5 }));
        }
        work.push(app.iot.ingest.ingestBatch(messages));
        await Promise.all(work);
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait);
      }
    };
    const measure = async (label: string) => {
      const before = process.cpuUsage();
      const computations = app.screen.aggregator.computations;
      const t0 = performance.now();
      await flow(seconds * 1000);
      const elapsed = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(before);
      const cores = (used.user + used.system) / 1e6 / elapsed;
      const computed = app.screen.aggregator.computations - computations;
      console.log(
        `  ${label}: server CPU ${fmt(cores, 3)} cores over ${fmt(elapsed, 1)} s; ${fmt(computed)} section computations`,
      );
      return cores;
    };
    console.log(
      `\nevent flow: ${casesPerSecond} cases/s over HTTP, ${alertsPerSecond} alerts/s and ${readingsPerSecond} readings/s through ingest (${fmt(tokens.length)} billboards)`,
    );
    await flow(5000); // warm-up: JIT, caches, the first devices online
    const idle = await measure('0 screens');
    const districts = app.regions.children(app.regions.rootId).map((r) => r.id);
    const regions = Array.from({ length: screenCount }, (_, i) =>
      i < Math.ceil(screenCount / 2)
        ? app.regions.rootId
        : (districts[i % districts.length] as string),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'screen', 'screen-clients.ts'), base, admin, ...regions],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('ready')) {
      if (Date.now() > deadline) throw new Error('screens did not connect within 60 s');
      await sleep(100);
    }
    const watched = app.screen.aggregator.stats();
    console.log(
      `  ${screenCount} screens connected (${watched.subscribers} streams on ${watched.watched} regions: ${Math.ceil(screenCount / 2)} on the city, the rest on districts)`,
    );
    await flow(3000);
    const busy = await measure(`${screenCount} screens`);
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
    const clients = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
    console.log(
      `  screens received ${fmt(clients.overviews ?? 0)} overview and ${fmt(clients.alerts ?? 0)} alert frames (${fmt((clients.bytes ?? 0) / 1e6, 2)} MB), reloaded the device layer ${fmt(clients.layerFetches ?? 0)} times (${fmt((clients.layerBytes ?? 0) / 1e6, 1)} MB) and crowd cells ${fmt(clients.crowdFetches ?? 0)} times; ${clients.errors ?? 0} errors`,
    );
    const extra = busy - idle;
    console.log(
      `  the screens' extra CPU: ${fmt(extra, 3)} cores (target < 0.25: ${extra < 0.25 ? 'met' : 'MISSED'})`,
    );
  }
  console.log(`load average at end: ${load()}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await app.close();
  if (!keepData) await fs.rm(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
