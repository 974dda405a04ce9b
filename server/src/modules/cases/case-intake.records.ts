import type { Actor } from '../../platform/auth/actor.ts';
import type { NewEvent } from '../../platform/events/event.ts';
import type { CaseClassRow } from './case-class.repository.ts';
import type { IntakeInput, Placement, PossibleDuplicate } from './case-intake.workflow.ts';
import type { NewTimelineEntry } from './case-timeline.repository.ts';
import type { CaseRow, NearbyCase, NewCase } from './case.repository.ts';
import { casesEvent, factOf } from './cases.events.ts';
import { haversineMeters } from './geo-distance.ts';

/** What one intake writes, built the same way by the single and the batched path. */

export function reporterIdOf(actor: Actor): string | null {
  return actor.kind === 'system' ? null : actor.id;
}

export function newCaseRow(
  actor: Actor,
  input: IntakeInput,
  placement: Placement,
  cls: CaseClassRow,
  now: Date,
  number: string,
): NewCase {
  return {
    id: crypto.randomUUID(),
    number,
    source: input.source,
    classId: cls.id,
    priority: input.priority ?? cls.defaultPriority,
    description: input.description.trim(),
    address: input.address?.trim() || null,
    ...placement,
    componentId: input.componentId ?? null,
    reporterId: reporterIdOf(actor),
    reporterName: input.reporterName ?? (actor.kind === 'system' ? null : actor.displayName),
    reporterPhone: input.reporterPhone ?? null,
    alertId: input.alertId ?? null,
    notDuplicateOf: notDuplicateIds(input),
    stage: 'collected' as const,
    createdAt: now,
  };
}

/** The reporter's "不是同一件事" decision: the shown candidates, each once. */
export function notDuplicateIds(input: Pick<IntakeInput, 'notDuplicateOf'>): string[] {
  return [...new Set(input.notDuplicateOf ?? [])];
}

/** Drops the candidates the reporter said this report is not the same as. */
export function withoutDeclined<T extends { id: string }>(
  candidates: T[],
  declined: readonly string[],
): T[] {
  if (declined.length === 0) return candidates;
  const skip = new Set(declined);
  return candidates.filter((c) => !skip.has(c.id));
}

export function reporterRow(actor: Actor, input: IntakeInput, created: CaseRow, now: Date) {
  return {
    caseId: created.id,
    reporterId: reporterIdOf(actor),
    reporterName: created.reporterName,
    source: input.source,
    viaCaseId: created.id,
    reportedAt: now,
  };
}

export function collectEntry(
  actor: Actor,
  input: IntakeInput,
  caseId: string,
  photoIds: string[],
  duplicates: PossibleDuplicate[],
): NewTimelineEntry {
  return {
    caseId,
    action: 'collect',
    actorId: actor.id,
    actorName: actor.displayName,
    actorRole: actor.kind === 'staff' ? input.source : actor.kind,
    fromStage: null,
    toStage: 'collected',
    note: null,
    photoIds,
    details: {
      source: input.source,
      possibleDuplicates: duplicates.map((d) => d.number),
      ...(input.notDuplicateOf?.length ? { notDuplicateOf: notDuplicateIds(input) } : {}),
      ...(input.alertId ? { alertId: input.alertId } : {}),
    },
  };
}

export function openedEvent(
  actor: Actor,
  created: CaseRow,
  duplicates: PossibleDuplicate[],
): NewEvent {
  return casesEvent(
    'cases.case.opened',
    {
      ...factOf(created),
      alertId: created.alertId,
      reporterId: reporterIdOf(actor),
      location: [created.lng, created.lat],
      possibleDuplicateIds: duplicates.map((d) => d.id),
      notDuplicateOf: created.notDuplicateOf,
    },
    { actorId: actor.id, regionId: created.gridId },
  );
}

/** Candidates from the bounding box, kept within the radius, nearest first. */
export function withinRadius(
  center: [number, number],
  nearby: NearbyCase[],
  radiusMeters: number,
): PossibleDuplicate[] {
  return nearby
    .map((c) => ({
      id: c.id,
      number: c.number,
      stage: c.stage,
      distanceMeters: Math.round(haversineMeters(center, [c.lng, c.lat]) * 10) / 10,
      description: c.description,
      createdAt: c.createdAt,
    }))
    .filter((c) => c.distanceMeters <= radiusMeters)
    .sort((a, b) => a.distanceMeters - b.distanceMeters);
}
