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

export function intakeBody(draft: ReportDraft): IntakeRequest {
  if (!draft.classId || !draft.point) throw new Error('The report is not complete');
  const address = draft.address.trim();
  return {
    classId: draft.classId,
    description: draft.description.trim(),
    lng: roundCoordinate(draft.point.lng),
    lat: roundCoordinate(draft.point.lat),
    ...(address ? { address } : {}),
    ...(draft.photoIds.length > 0 ? { photoIds: [...draft.photoIds] } : {}),
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
