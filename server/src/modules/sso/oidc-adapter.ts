import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Database } from '../../platform/db/database.ts';
import type { SsoRepository } from './sso.repository.ts';

/**
 * oidc-provider's storage on our database. Relying parties (model `Client`) come from the
 * admin-managed `sso_clients` table (disabled ones are not found); every other model is a
 * JSON payload in `sso_artifacts`. Calls run outside any unit of work, on the pool.
 */
export function oidcAdapter(db: Database, repository: SsoRepository) {
  return class DatabaseAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') throw new Error('clients are registered by an administrator');
      await repository.upsertArtifact(db.orm, {
        model: this.model,
        id,
        payload: payload as Record<string, unknown>,
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresAt: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
        consumedAt: null,
      });
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') {
        const client = await repository.findClientCached(db.orm, id);
        return client && client.status === 'active'
          ? (client.metadata as AdapterPayload)
          : undefined;
      }
      return this.present(await repository.findArtifact(db.orm, this.model, { id }));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.present(await repository.findArtifact(db.orm, this.model, { uid }));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.present(await repository.findArtifact(db.orm, this.model, { userCode }));
    }

    async consume(id: string): Promise<void> {
      await repository.consumeArtifact(db.orm, this.model, id);
    }

    async destroy(id: string): Promise<void> {
      await repository.destroyArtifact(db.orm, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await repository.revokeGrant(db.orm, grantId);
    }

    private present(
      row: Awaited<ReturnType<SsoRepository['findArtifact']>>,
    ): AdapterPayload | undefined {
      if (!row) return undefined;
      if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return undefined;
      return {
        ...(row.payload as AdapterPayload),
        ...(row.consumedAt ? { consumed: Math.floor(row.consumedAt.getTime() / 1000) } : {}),
      };
    }
  };
}
