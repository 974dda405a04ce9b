import type { RuleRow } from './alert.repository.ts';
import { isTimeBased, keysOf } from './rule-condition.ts';

/** The device facts rules are scoped by. */
export interface ObservedDevice {
  id: string;
  name: string;
  productId: string;
  tags: readonly string[];
  gridId: string | null;
  streetId: string | null;
  districtId: string | null;
  /** The department that owns the device (iot's registry); alerts carry it to its inbox. */
  departmentId: string | null;
  location: [number, number] | null;
}

export interface IndexedRule {
  row: RuleRow;
  keys: ReadonlySet<string>;
  /** Durations or silence: time alone can change the outcome. */
  timeBased: boolean;
}

/**
 * Enabled rules in memory, indexed by product so that matching a reading is a map lookup
 * plus a few scope checks. A rule's region scope may be a grid, street or district id; the
 * city id matches everything.
 */
export class RuleIndex {
  private byProduct = new Map<string, IndexedRule[]>();
  private anyProduct: IndexedRule[] = [];
  /** What `match` found per device object (ingest keeps one per cached credential). */
  private matched = new WeakMap<ObservedDevice, IndexedRule[]>();

  constructor(private readonly cityId: () => string) {}

  replace(rows: RuleRow[]): void {
    this.byProduct = new Map();
    this.anyProduct = [];
    this.matched = new WeakMap();
    for (const row of rows) {
      if (!row.enabled) continue;
      const indexed = {
        row,
        keys: new Set(keysOf(row.condition)),
        timeBased: isTimeBased(row.condition),
      };
      if (row.productId) {
        const list = this.byProduct.get(row.productId) ?? [];
        list.push(indexed);
        this.byProduct.set(row.productId, list);
      } else {
        this.anyProduct.push(indexed);
      }
    }
  }

  get size(): number {
    let n = this.anyProduct.length;
    for (const list of this.byProduct.values()) n += list.length;
    return n;
  }

  match(device: ObservedDevice): IndexedRule[] {
    let found = this.matched.get(device);
    if (!found) {
      found = this.find(device);
      this.matched.set(device, found);
    }
    return found;
  }

  private find(device: ObservedDevice): IndexedRule[] {
    const candidates = [...(this.byProduct.get(device.productId) ?? []), ...this.anyProduct];
    return candidates.filter(({ row }) => {
      if (row.deviceId && row.deviceId !== device.id) return false;
      if (row.tag && !device.tags.includes(row.tag)) return false;
      if (row.regionId && row.regionId !== this.cityId()) {
        const inside = [device.gridId, device.streetId, device.districtId].includes(row.regionId);
        if (!inside) return false;
      }
      return true;
    });
  }
}
