import crypto from 'node:crypto';
import { AppError } from '../../platform/errors/app-error.ts';
import { QueueFullError } from '../../platform/batching/micro-batcher.ts';
import { verifyCode, type CodeKeys } from './code-format.ts';
import type { HolderService } from './holder.service.ts';
import type { ScanLog } from './scan-log.ts';
import type { ScanRecord } from './scan-log.repository.ts';
import type { AuthenticScanner, SceneRegistry } from './scene-registry.service.ts';
import { disclose, firstFailedRule, localDay, type DisclosedFields } from './scene-rules.ts';
import type { RuleAttribute, SceneType } from './scene-types.ts';
import type { ScannerRateLimiter } from './scanner-rate-limiter.ts';

export const denyReasons = [
  'malformed',
  'forged',
  'expired',
  'replayed',
  'unknown_holder',
  'not_eligible',
  'scene_disabled',
] as const;
export type DenyReason = (typeof denyReasons)[number];

export interface ScanAnswer {
  scanId: string;
  decision: 'allow' | 'deny';
  reason: DenyReason | null;
  /** The scene rule the holder did not meet (with reason not_eligible). */
  rule: RuleAttribute | null;
  scene: { id: string; type: SceneType; name: string };
  scannedAt: string;
  /** Only on allow, and only the fields the scene is configured to see. */
  fields: DisclosedFields | null;
}

/**
 * One scan, in order: rate limit → code (shape, tag or signature, time) → holder → scene
 * rules → the log. The answer leaves only after the scan is in the log; "once per scanner"
 * is decided by the log's unique index, so it holds across API nodes.
 */
export class ScanWorkflow {
  constructor(
    private readonly deps: {
      keys: () => CodeKeys;
      ttlSeconds: number;
      registry: SceneRegistry;
      holders: HolderService;
      log: ScanLog;
      limiter: ScannerRateLimiter;
    },
  ) {}

  async scan(scanner: AuthenticScanner, code: string, nowMs = Date.now()): Promise<ScanAnswer> {
    const { registry, holders, log, limiter } = this.deps;
    const wait = limiter.take(scanner.id, scanner.ratePerSecond, scanner.burst, nowMs);
    if (wait > 0) {
      throw new AppError(
        'rate_limited',
        429,
        `Scanner ${scanner.id} scans faster than its ${scanner.ratePerSecond}/s; retry in ${wait} ms`,
        { retryAfterMs: wait },
      );
    }
    const scene = registry.scene(scanner.sceneId, nowMs);
    if (!scene) throw new AppError('scene_missing', 409, `Scene ${scanner.sceneId} is gone`);
    const scannedAt = new Date(nowMs);
    const record: ScanRecord = {
      id: crypto.randomUUID(),
      windowAt: scannedAt,
      scannedAt,
      scannerId: scanner.id,
      sceneId: scene.id,
      accountId: null,
      codeKind: null,
      codeNonce: null,
      decision: 'deny',
      reason: null,
      rule: null,
    };
    let fields: DisclosedFields | null = null;
    const verified = verifyCode(
      this.deps.keys(),
      code,
      Math.floor(nowMs / 1000),
      this.deps.ttlSeconds,
    );
    record.codeKind = verified.kind;
    if (scene.status !== 'active') {
      record.reason = 'scene_disabled';
    } else if (!verified.ok) {
      record.reason = verified.reason;
    } else {
      record.codeNonce = verified.nonce;
      const holder = await holders.get(verified.holderNo, nowMs);
      if (!holder) {
        record.reason = 'unknown_holder';
      } else {
        record.accountId = holder.accountId;
        const today = localDay(nowMs);
        const failed = firstFailedRule(scene.rules, holder, today);
        if (failed) {
          record.reason = 'not_eligible';
          record.rule = failed;
        } else {
          record.decision = 'allow';
          record.windowAt = new Date(verified.issuedAt * 1000);
          fields = disclose(scene.fields, holder, today);
        }
      }
    }
    let logged;
    try {
      logged = await log.append(record);
    } catch (error) {
      if (error instanceof QueueFullError) {
        throw new AppError('scan_log_busy', 503, 'The scan log is saturated; retry shortly', {
          retryAfterMs: 100,
        });
      }
      throw error;
    }
    if (logged === 'replayed') {
      record.decision = 'deny';
      record.reason = 'replayed';
      fields = null;
    }
    return {
      scanId: record.id,
      decision: record.decision,
      reason: record.reason as DenyReason | null,
      rule: record.rule as RuleAttribute | null,
      scene: { id: scene.id, type: scene.type, name: scene.name },
      scannedAt: scannedAt.toISOString(),
      fields,
    };
  }
}
