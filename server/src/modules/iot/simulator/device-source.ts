/**
 * Where the simulator gets its devices and their tokens: the platform's own HTTP API, as an
 * administrator. A running server holds its embedded database (PGlite) exclusively, so the
 * API is the one door that works for every profile; lists never carry tokens, so each
 * device's token comes from `GET /api/v1/iot/devices/:id`, which shows it to its managers.
 */
import type { ThingModel } from '../thing-model.ts';
import type { SimulatedDevice } from './telemetry-simulator.ts';

/** `200` (spread over all products), `billboard-tilt,manhole-cover` (all of them), or both: `billboard-tilt:20`. */
export interface DeviceSpec {
  count: number | null;
  products: string[] | null;
}

export function parseDeviceSpec(text: string): DeviceSpec {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const count = Number(trimmed);
    if (count < 1) throw new Error('--devices: the count must be at least 1');
    return { count, products: null };
  }
  const match = /^([A-Za-z0-9_,-]+?)(?::(\d+))?$/.exec(trimmed);
  if (!match?.[1]) {
    throw new Error(
      `--devices: expected a count (200), products (billboard-tilt,manhole-cover) or both (billboard-tilt:20), got "${text}"`,
    );
  }
  const products = match[1].split(',').filter(Boolean);
  const count = match[2] ? Number(match[2]) : null;
  if (count !== null && count < 1) throw new Error('--devices: the count must be at least 1');
  return { count, products };
}

export interface HttpSourceOptions {
  /** e.g. http://127.0.0.1:8080 */
  api: string;
  username: string;
  password: string;
  spec: DeviceSpec;
  fetch?: typeof fetch;
  onProgress?: (done: number, total: number) => void;
}

export class ApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

interface DeviceItem {
  id: string;
  name: string;
  productId: string;
  token?: string;
}

const PAGE = 500;
const TOKEN_CONCURRENCY = 8;

/** A logged-in client of the platform's API (just what the simulator needs). */
export class PlatformApi {
  private constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly fetchFn: typeof fetch,
  ) {}

  static async login(options: {
    api: string;
    username: string;
    password: string;
    fetch?: typeof fetch;
  }): Promise<PlatformApi> {
    const fetchFn = options.fetch ?? fetch;
    const base = options.api.replace(/\/+$/, '');
    let response: Response;
    try {
      response = await fetchFn(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: options.username, password: options.password }),
      });
    } catch (error) {
      throw new ApiError(
        `cannot reach the OneCity API at ${base} (${(error as Error).message}): start the platform (npm start) or pass --api`,
      );
    }
    if (response.status !== 200) {
      throw new ApiError(
        `login as ${options.username} at ${base} failed (${response.status}): ${await response.text()}`,
      );
    }
    const { accessToken } = (await response.json()) as { accessToken: string };
    return new PlatformApi(base, accessToken, fetchFn);
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.fetchFn(`${this.base}${path}`, {
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (response.status !== 200) {
      throw new ApiError(`GET ${path} failed (${response.status}): ${await response.text()}`);
    }
    return (await response.json()) as T;
  }

  async post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const response = await this.fetchFn(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}

/** The devices the spec asks for, with tokens, and the thing models of their products. */
export async function fetchDevices(
  api: PlatformApi,
  spec: DeviceSpec,
  onProgress?: (done: number, total: number) => void,
): Promise<{ devices: SimulatedDevice[]; thingModels: Map<string, ThingModel> }> {
  const products = (
    await api.get<{ items: Array<{ id: string; thingModel: ThingModel }> }>('/api/v1/iot/products')
  ).items;
  const thingModels = new Map(products.map((p) => [p.id, p.thingModel]));
  const wanted = spec.products ?? products.map((p) => p.id);
  for (const id of wanted) {
    if (!thingModels.has(id)) {
      throw new ApiError(
        `unknown product "${id}"; products here: ${products.map((p) => p.id).join(', ')}`,
      );
    }
  }
  // A count is spread evenly over the products, so every kind of sensor is represented.
  const quota = spec.count === null ? Infinity : Math.ceil(spec.count / wanted.length);
  const picked: DeviceItem[] = [];
  for (const productId of wanted) {
    for (let offset = 0; picked.length < (spec.count ?? Infinity); offset += PAGE) {
      const taken = picked.filter((d) => d.productId === productId).length;
      if (taken >= quota) break;
      const page = await api.get<{ items: DeviceItem[]; total: number }>(
        `/api/v1/iot/devices?product=${encodeURIComponent(productId)}&limit=${PAGE}&offset=${offset}`,
      );
      picked.push(...page.items.slice(0, quota - taken));
      if (page.items.length < PAGE) break;
    }
  }
  const chosen = spec.count === null ? picked : picked.slice(0, spec.count);
  const devices: SimulatedDevice[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const item = chosen[next++] as DeviceItem;
      const full = await api.get<DeviceItem>(`/api/v1/iot/devices/${item.id}`);
      if (!full.token) {
        throw new ApiError(`the API did not show the token of ${item.name}: log in as a manager`);
      }
      devices.push({ id: full.id, name: full.name, productId: full.productId, token: full.token });
      onProgress?.(devices.length, chosen.length);
    }
  };
  await Promise.all(Array.from({ length: TOKEN_CONCURRENCY }, worker));
  devices.sort((a, b) => a.name.localeCompare(b.name));
  return { devices, thingModels };
}

/** Rules that make the injected anomalies raise alerts (created once; existing ones are kept). */
export const simulatorRules = [
  {
    name: '模拟告警：广告牌倾斜超过 5°',
    severity: 'major',
    productId: 'billboard-tilt',
    condition: { type: 'threshold', key: 'tiltX', op: '>', value: 5 },
  },
  {
    name: '模拟告警：井盖开启',
    severity: 'major',
    productId: 'manhole-cover',
    condition: { type: 'threshold', key: 'open', op: '==', value: true },
  },
  {
    name: '模拟告警：管网压力低于 0.1 MPa',
    severity: 'critical',
    productId: 'water-pressure',
    condition: { type: 'threshold', key: 'pressure', op: '<', value: 0.1 },
  },
] as const;

export async function ensureSimulatorRules(api: PlatformApi): Promise<string[]> {
  const existing = new Set(
    (await api.get<{ items: Array<{ name: string }> }>('/api/v1/alert-rules')).items.map(
      (r) => r.name,
    ),
  );
  const created: string[] = [];
  for (const rule of simulatorRules) {
    if (existing.has(rule.name)) continue;
    const response = await api.post<{ detail?: string }>('/api/v1/alert-rules', rule);
    if (response.status !== 201) {
      throw new ApiError(
        `creating rule "${rule.name}" failed (${response.status}): ${response.body.detail ?? ''}`,
      );
    }
    created.push(rule.name);
  }
  return created;
}
