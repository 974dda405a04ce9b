import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { encodeCodes, newNonce, type CodeKeys } from './code-format.ts';
import type { HolderService } from './holder.service.ts';
import { assuranceOrder } from './scene-types.ts';

export interface IssuedCode {
  /** The online code (HMAC), what the QR shows. */
  code: string;
  /** The same issuance signed with Ed25519, for scanners without a network. */
  offlineCode: string;
  issuedAt: string;
  expiresAt: string;
  /** When the holder's app should ask for the next code. */
  refreshInSeconds: number;
}

/**
 * Issues a citizen's city code. Only real-name (实名) citizens get one: a code stands for a
 * known person at the clinic or the gate, so an unverified account has nothing to show.
 */
export class CodeIssuer {
  constructor(
    private readonly deps: { keys: () => CodeKeys; holders: HolderService; ttlSeconds: number },
  ) {}

  async issue(actor: Actor, nowMs = Date.now()): Promise<IssuedCode> {
    if (actor.kind !== 'citizen') {
      throw new AppError('citizens_only', 403, 'City codes are issued to citizens only');
    }
    if (assuranceOrder[actor.assuranceLevel] < assuranceOrder['real-name']) {
      throw new AppError(
        'assurance_required',
        403,
        'Verify your identity (real-name) before using the city code',
        { required: 'real-name', current: actor.assuranceLevel },
      );
    }
    const holderNo = await this.deps.holders.ensureFor(actor);
    const issuedAt = Math.floor(nowMs / 1000);
    const expiresAt = issuedAt + this.deps.ttlSeconds;
    const codes = encodeCodes(
      this.deps.keys(),
      { holderNo, issuedAt, nonce: newNonce() },
      expiresAt,
    );
    return {
      code: codes.online,
      offlineCode: codes.offline,
      issuedAt: new Date(issuedAt * 1000).toISOString(),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      refreshInSeconds: this.deps.ttlSeconds,
    };
  }
}
