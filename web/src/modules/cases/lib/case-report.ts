import type { IntakeRequest } from '../api/cases-api';

export interface PickedPoint {
  lng: number;
  lat: number;
  /** Where the point came from: the phone's GPS or a tap on the map. */
  via: 'gps' | 'map';
  /** GPS accuracy in metres, when the browser gave one. */
  accuracy?: number;
}

export interface ReportDraft {
  classId?: string | undefined;
  description: string;
  address: string;
  point?: PickedPoint | null;
  photoIds: readonly string[];
}

export type ReportProblem = 'class' | 'description' | 'point' | 'photo';

/** Grid workers report with a photo (采集 needs evidence); citizens may report without one. */
export function reportProblems(
  draft: ReportDraft,
  options: { photoRequired: boolean },
): ReportProblem[] {
  const problems: ReportProblem[] = [];
  if (!draft.classId) problems.push('class');
  if (!draft.description.trim()) problems.push('description');
  if (!draft.point) problems.push('point');
  if (options.photoRequired && draft.photoIds.length === 0) problems.push('photo');
  return problems;
}

/** Six decimals is about 0.1 m: finer than any phone's GPS, short enough to read. */
export const roundCoordinate = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * What a duplicate check was made for: the class and the point as they will be sent. A check
 * made for another class or point no longer answers for the draft.
 */
export function duplicateCheckKey(draft: Pick<ReportDraft, 'classId' | 'point'>): string | null {
  if (!draft.classId || !draft.point) return null;
  return `${draft.classId}@${roundCoordinate(draft.point.lng)},${roundCoordinate(draft.point.lat)}`;
}

export interface DuplicateCheck {
  key: string;
  /** The ids of the open cases nearby the reporter was shown. */
  shownIds: readonly string[];
}

/**
 * What to do on "send": check for duplicates first (no check, or one made for another class
 * or point), ask the reporter when the check found some, else send — with the ids the
 * reporter was shown once they said "不是同一件事".
 */
export function nextReportStep(
  draft: Pick<ReportDraft, 'classId' | 'point'>,
  check: DuplicateCheck | null,
  notDuplicate: boolean,
): { kind: 'check' } | { kind: 'ask' } | { kind: 'send'; notDuplicateOf: string[] } {
  const key = duplicateCheckKey(draft);
  if (!check || check.key !== key) return { kind: 'check' };
  if (check.shownIds.length === 0) return { kind: 'send', notDuplicateOf: [] };
  return notDuplicate ? { kind: 'send', notDuplicateOf: [...check.shownIds] } : { kind: 'ask' };
}

export function intakeBody(
  draft: ReportDraft,
  notDuplicateOf: readonly string[] = [],
): IntakeRequest {
  if (!draft.classId || !draft.point) throw new Error('The report is not complete');
  const address = draft.address.trim();
  return {
    classId: draft.classId,
    description: draft.description.trim(),
    lng: roundCoordinate(draft.point.lng),
    lat: roundCoordinate(draft.point.lat),
    ...(address ? { address } : {}),
    ...(draft.photoIds.length > 0 ? { photoIds: [...draft.photoIds] } : {}),
    ...(notDuplicateOf.length > 0 ? { notDuplicateOf: [...notDuplicateOf] } : {}),
  };
}

export type GeolocationFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

/** GeolocationPositionError codes: 1 permission denied, 2 position unavailable, 3 timeout. */
export function geolocationFailureOf(code: number | null): GeolocationFailure {
  switch (code) {
    case 1:
      return 'denied';
    case 3:
      return 'timeout';
    case null:
      return 'unsupported';
    default:
      return 'unavailable';
  }
}

/** At most this many photos go with one report or one step (the server's limit is 9). */
export const MAX_PHOTOS = 9;
