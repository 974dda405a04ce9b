import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Every setting comes from an environment variable with a documented default, so the
 * embedded profile needs none and the production profile is a handful of URLs.
 * docs/configuration.md lists them; keep the two in step.
 */
const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  natsUrl: Type.Union([Type.String({ pattern: '^(nats|tls)://' }), Type.Null()]),
  mqttUrl: Type.Union([Type.String({ pattern: '^(mqtts?|wss?|tcp)://' }), Type.Null()]),
  mqttPort: Type.Integer({ minimum: 0, maximum: 65535 }),
  mqttShareGroup: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  mqttAuthSecret: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
  bodyLimitBytes: Type.Integer({ minimum: 1024 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  ),
  demoSeed: Type.Integer(),
  seedDemo: Type.Boolean(),
  demoSimulate: Type.Boolean(),
  demoSimulateRate: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
  auditKey: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
  tokenTtlSeconds: Type.Integer({ minimum: 60 }),
  nodeId: Type.String({ minLength: 1 }),
  webDir: Type.Union([Type.String(), Type.Null()]),
  citycodeTtlSeconds: Type.Integer({ minimum: 10, maximum: 3600 }),
  citycodeKey: Type.Union([Type.String({ minLength: 32 }), Type.Null()]),
  citycodeScannerRate: Type.Number({ exclusiveMinimum: 0 }),
  citycodeScannerBurst: Type.Integer({ minimum: 1 }),
  citycodeScanRetentionDays: Type.Integer({ minimum: 1 }),
  citycodeScanLogThread: Type.Boolean(),
  citycodeScanLogBatch: Type.Integer({ minimum: 1, maximum: 2000 }),
  open311JurisdictionId: Type.String({ minLength: 1, maxLength: 100 }),
  open311RatePerMinute: Type.Integer({ minimum: 1 }),
  oidcIssuer: Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' }),
  webOrigins: Type.Array(Type.String({ pattern: '^https?://[^/?#]+$' })),
  notifyAlertSeverity: Type.Union(
    (['critical', 'major', 'minor', 'warning', 'info'] as const).map((s) => Type.Literal(s)),
  ),
});

export type Config = Static<typeof ConfigSchema>;

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function int(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) {
    problems.push(`${name} must be an integer, got "${raw}"`);
    return fallback;
  }
  return value;
}

function num(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    problems.push(`${name} must be a number, got "${raw}"`);
    return fallback;
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function optional(env: Env, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

/** Where we listen, as a URL: the host itself when it is a specific one, else localhost. */
function defaultIssuer(env: Env): string {
  const host = env.HOST && !['0.0.0.0', '::', ''].includes(env.HOST) ? env.HOST : 'localhost';
  const name = host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${int(env, 'PORT', 8080, [])}`;
}

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const rawDataDir = env.ONECITY_DATA_DIR ?? './data';
  // `memory://` keeps the embedded database in memory (tests, throwaway demos).
  const dataDir = rawDataDir.startsWith('memory://') ? rawDataDir : path.resolve(cwd, rawDataDir);
  const candidate = {
    port: int(env, 'PORT', 8080, problems),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: optional(env, 'ONECITY_DATABASE_URL'),
    natsUrl: optional(env, 'ONECITY_NATS_URL'),
    mqttUrl: optional(env, 'ONECITY_MQTT_URL'),
    mqttPort: int(env, 'ONECITY_MQTT_PORT', 1883, problems),
    mqttShareGroup: env.ONECITY_MQTT_SHARE_GROUP ?? 'onecity-ingest',
    mqttAuthSecret: optional(env, 'ONECITY_MQTT_AUTH_SECRET'),
    bodyLimitBytes: int(env, 'ONECITY_BODY_LIMIT_BYTES', 1024 * 1024, problems),
    logLevel: env.ONECITY_LOG_LEVEL ?? 'info',
    demoSeed: int(env, 'ONECITY_DEMO_SEED', 20260101, problems),
    seedDemo: bool(env, 'ONECITY_SEED_DEMO', true, problems),
    // `onecity start` on the embedded profile with the demo city: simulated devices report.
    demoSimulate: bool(env, 'ONECITY_DEMO_SIMULATE', true, problems),
    demoSimulateRate: num(env, 'ONECITY_DEMO_SIMULATE_RATE', 30, problems),
    auditKey: optional(env, 'ONECITY_AUDIT_KEY'),
    tokenTtlSeconds: int(env, 'ONECITY_TOKEN_TTL_SECONDS', 8 * 3600, problems),
    nodeId: env.ONECITY_NODE_ID ?? `node-${process.pid}`,
    webDir: optional(env, 'ONECITY_WEB_DIR'),
    citycodeTtlSeconds: int(env, 'ONECITY_CITYCODE_TTL_SECONDS', 60, problems),
    citycodeKey: optional(env, 'ONECITY_CITYCODE_KEY'),
    citycodeScannerRate: num(env, 'ONECITY_CITYCODE_SCANNER_RATE', 10, problems),
    citycodeScannerBurst: int(env, 'ONECITY_CITYCODE_SCANNER_BURST', 20, problems),
    citycodeScanRetentionDays: int(env, 'ONECITY_CITYCODE_SCAN_RETENTION_DAYS', 180, problems),
    // On PostgreSQL the scan log's batches are written by a thread of their own.
    citycodeScanLogThread: bool(env, 'ONECITY_CITYCODE_SCAN_LOG_THREAD', true, problems),
    // A scan log batch leaves once this many scans wait (a slot free): under load it commits
    // while the next scans are still being checked, instead of all waiting for one commit.
    citycodeScanLogBatch: int(env, 'ONECITY_CITYCODE_SCAN_LOG_BATCH', 32, problems),
    open311JurisdictionId: env.ONECITY_OPEN311_JURISDICTION_ID ?? 'onecity.shanghai',
    open311RatePerMinute: int(env, 'ONECITY_OPEN311_RATE_PER_MINUTE', 60, problems),
    // The URL relying parties reach us at; discovery is its /.well-known/openid-configuration.
    oidcIssuer: optional(env, 'ONECITY_OIDC_ISSUER') ?? defaultIssuer(env),
    // Further origins the web app is served from (its sign-in redirects back to them).
    webOrigins: (env.ONECITY_WEB_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean),
    // The least severe alert (or alarm-storm incident) that notifies its department's inbox.
    notifyAlertSeverity: env.ONECITY_NOTIFY_ALERT_SEVERITY ?? 'major',
  };
  for (const error of Value.Errors(ConfigSchema, candidate)) {
    const key = error.instancePath.replace(/^\//, '');
    problems.push(`${envName(key)}: ${error.message}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return candidate as Config;
}

const envNames: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'ONECITY_DATA_DIR',
  databaseUrl: 'ONECITY_DATABASE_URL',
  natsUrl: 'ONECITY_NATS_URL',
  mqttUrl: 'ONECITY_MQTT_URL',
  mqttPort: 'ONECITY_MQTT_PORT',
  mqttShareGroup: 'ONECITY_MQTT_SHARE_GROUP',
  mqttAuthSecret: 'ONECITY_MQTT_AUTH_SECRET',
  bodyLimitBytes: 'ONECITY_BODY_LIMIT_BYTES',
  logLevel: 'ONECITY_LOG_LEVEL',
  demoSeed: 'ONECITY_DEMO_SEED',
  seedDemo: 'ONECITY_SEED_DEMO',
  demoSimulate: 'ONECITY_DEMO_SIMULATE',
  demoSimulateRate: 'ONECITY_DEMO_SIMULATE_RATE',
  auditKey: 'ONECITY_AUDIT_KEY',
  tokenTtlSeconds: 'ONECITY_TOKEN_TTL_SECONDS',
  nodeId: 'ONECITY_NODE_ID',
  webDir: 'ONECITY_WEB_DIR',
  citycodeTtlSeconds: 'ONECITY_CITYCODE_TTL_SECONDS',
  citycodeKey: 'ONECITY_CITYCODE_KEY',
  citycodeScannerRate: 'ONECITY_CITYCODE_SCANNER_RATE',
  citycodeScannerBurst: 'ONECITY_CITYCODE_SCANNER_BURST',
  citycodeScanRetentionDays: 'ONECITY_CITYCODE_SCAN_RETENTION_DAYS',
  citycodeScanLogThread: 'ONECITY_CITYCODE_SCAN_LOG_THREAD',
  citycodeScanLogBatch: 'ONECITY_CITYCODE_SCAN_LOG_BATCH',
  open311JurisdictionId: 'ONECITY_OPEN311_JURISDICTION_ID',
  open311RatePerMinute: 'ONECITY_OPEN311_RATE_PER_MINUTE',
  oidcIssuer: 'ONECITY_OIDC_ISSUER',
  webOrigins: 'ONECITY_WEB_ORIGINS',
  notifyAlertSeverity: 'ONECITY_NOTIFY_ALERT_SEVERITY',
};

function envName(key: string): string {
  return envNames[key] ?? key;
}
