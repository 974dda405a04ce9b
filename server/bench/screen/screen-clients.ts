/**
 * The screens of bench:screen, in a process of their own so their CPU is not the server's:
 * opens one SSE stream per region given and behaves as the web screen does (reloads the device
 * layer when device counts move, at most every 10 s, and the crowd cells every 30 s), counts
 * frames and bytes, prints `ready` once every stream has its first overview and a JSON
 * summary when stdin closes.
 *
 *   tsx bench/screen/screen-clients.ts <base url> <token> <regionId> [<regionId> …]
 */
const [base, token, ...regions] = process.argv.slice(2);
if (!base || !token || regions.length === 0) {
  console.error('usage: screen-clients.ts <base url> <token> <regionId>…');
  process.exit(2);
}

const stats = {
  streams: regions.length,
  overviews: 0,
  alerts: 0,
  pings: 0,
  bytes: 0,
  errors: 0,
  layerFetches: 0,
  layerBytes: 0,
  crowdFetches: 0,
};
/** As the web does (use-screen-layers.ts): dots reload when device counts move, ≤ 1 per 10 s. */
const DEVICE_REFRESH_MIN_MS = 10_000;
const CROWD_REFRESH_MIN_MS = 30_000;

async function layer(kind: 'devices' | 'crowd', regionId: string): Promise<void> {
  const response = await fetch(`${base}/api/v1/screen/${kind}?regionId=${regionId}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (kind === 'devices') {
    stats.layerFetches += 1;
    stats.layerBytes += bytes;
  } else stats.crowdFetches += 1;
}
const controller = new AbortController();
let ready = 0;

async function screen(regionId: string): Promise<void> {
  const response = await fetch(`${base}/api/v1/screen/stream?regionId=${regionId}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`stream ${regionId}: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let first = true;
  let devicesVersion = '';
  let devicesAt = 0;
  let crowdAt = 0;
  const onOverview = (data: string) => {
    const o = JSON.parse(data) as {
      devices: { total: number; online: number; offline: number; alerting: number };
    };
    const d = o.devices;
    const version = `${d.total}/${d.online}/${d.offline}/${d.alerting}`;
    const now = Date.now();
    if (version !== devicesVersion && now - devicesAt >= DEVICE_REFRESH_MIN_MS) {
      devicesVersion = version;
      devicesAt = now;
      layer('devices', regionId).catch(() => (stats.errors += 1));
    }
    if (now - crowdAt >= CROWD_REFRESH_MIN_MS) {
      crowdAt = now;
      layer('crowd', regionId).catch(() => (stats.errors += 1));
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    stats.bytes += value.byteLength;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith('event: overview')) {
        stats.overviews += 1;
        onOverview(block.slice(block.indexOf('data: ') + 6));
        if (first) {
          first = false;
          ready += 1;
          if (ready === regions.length) process.stdout.write('ready\n');
        }
      } else if (block.startsWith('event: alerts')) stats.alerts += 1;
      else if (block.startsWith(': ping')) stats.pings += 1;
      end = buffer.indexOf('\n\n');
    }
  }
}

for (const regionId of regions) {
  screen(regionId).catch((error: Error) => {
    if (error.name === 'AbortError') return;
    stats.errors += 1;
    console.error(error.message);
  });
}

process.stdin.resume();
process.stdin.on('end', () => {
  controller.abort();
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  process.exit(0);
});
