import { useCallback } from 'react';
import { useT } from '../../../shared/i18n/i18n-context';

/** Facility kinds the UI has words for; any other kind is shown as the server names it. */
export const KNOWN_KINDS = ['water_plant'] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];

export const isKnownKind = (kind: string): kind is KnownKind =>
  (KNOWN_KINDS as readonly string[]).includes(kind);

export function useKindLabel(): (kind: string) => string {
  const t = useT();
  return useCallback(
    (kind: string) => (isKnownKind(kind) ? t(`facilities.kind.${kind}`) : kind),
    [t],
  );
}
