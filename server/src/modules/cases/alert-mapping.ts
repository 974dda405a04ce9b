import type { CasePriority } from './case-workflow.ts';

export type AlertSeverity = 'critical' | 'major' | 'minor' | 'warning' | 'info';

const severityRanks: Record<AlertSeverity, number> = {
  info: 0,
  warning: 1,
  minor: 2,
  major: 3,
  critical: 4,
};

export interface AlertMapping {
  id: string;
  /** The most specific match wins: a rule id beats a product, a product beats "any". */
  ruleId: string | null;
  productId: string | null;
  /** Alerts below this severity open no case. */
  minSeverity: AlertSeverity;
  classId: string;
  priority: CasePriority;
  /** When the alert clears before the case was dispatched: close the case, or only note it. */
  onCleared: 'close' | 'note';
  enabled: boolean;
}

export interface AlertFacts {
  ruleId: string;
  productId: string;
  severity: AlertSeverity;
}

/** The mapping that turns this alert into a case, or null when none applies. */
export function matchAlertMapping(
  mappings: readonly AlertMapping[],
  alert: AlertFacts,
): AlertMapping | null {
  let best: AlertMapping | null = null;
  let bestScore = -1;
  for (const m of mappings) {
    if (!m.enabled) continue;
    if (m.ruleId && m.ruleId !== alert.ruleId) continue;
    if (m.productId && m.productId !== alert.productId) continue;
    if (severityRanks[alert.severity] < severityRanks[m.minSeverity]) continue;
    const score = (m.ruleId ? 4 : 0) + (m.productId ? 2 : 0) + severityRanks[m.minSeverity] / 10;
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/** A critical alert is always urgent, whatever the mapping says. */
export function priorityFor(mapping: AlertMapping, severity: AlertSeverity): CasePriority {
  return severity === 'critical' ? 'urgent' : mapping.priority;
}

/** Mappings for the demo city's products (see the iot module's demo products). */
export const seededAlertMappings: Array<Omit<AlertMapping, 'id' | 'ruleId' | 'enabled'>> = [
  {
    productId: 'billboard-tilt',
    minSeverity: 'warning',
    classId: 'C0303',
    priority: 'urgent',
    onCleared: 'note',
  },
  {
    productId: 'curtain-wall',
    minSeverity: 'warning',
    classId: 'C0304',
    priority: 'urgent',
    onCleared: 'note',
  },
  {
    productId: 'water-level',
    minSeverity: 'warning',
    classId: 'E0401',
    priority: 'urgent',
    onCleared: 'close',
  },
  {
    productId: 'manhole-cover',
    minSeverity: 'warning',
    classId: 'C0102',
    priority: 'urgent',
    onCleared: 'close',
  },
  {
    productId: 'smoke-detector',
    minSeverity: 'minor',
    classId: 'E0402',
    priority: 'urgent',
    onCleared: 'note',
  },
  {
    productId: 'elevator-monitor',
    minSeverity: 'minor',
    classId: 'E0403',
    priority: 'urgent',
    onCleared: 'close',
  },
  {
    productId: 'water-pressure',
    minSeverity: 'minor',
    classId: 'E0408',
    priority: 'important',
    onCleared: 'close',
  },
  {
    productId: 'water-quality',
    minSeverity: 'minor',
    classId: 'E0406',
    priority: 'important',
    onCleared: 'close',
  },
  {
    productId: 'air-quality',
    minSeverity: 'major',
    classId: 'E0407',
    priority: 'important',
    onCleared: 'close',
  },
  {
    productId: 'crowd-counter',
    minSeverity: 'major',
    classId: 'E0405',
    priority: 'urgent',
    onCleared: 'close',
  },
];
