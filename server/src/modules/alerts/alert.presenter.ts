import type { AlertRow, IncidentRow, RuleRow } from './alert.repository.ts';
import type { DepartmentDirectory } from './department-directory.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentRule = (r: RuleRow) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  severity: r.severity,
  productId: r.productId,
  deviceId: r.deviceId,
  tag: r.tag,
  regionId: r.regionId,
  condition: r.condition,
  stormThreshold: r.stormThreshold,
  stormWindowSeconds: r.stormWindowSeconds,
  enabled: r.enabled,
  version: r.version,
  updatedAt: r.updatedAt.toISOString(),
});

export const presentIncident = (i: IncidentRow) => ({
  id: i.id,
  ruleId: i.ruleId,
  title: i.title,
  severity: i.severity,
  streetId: i.streetId,
  districtId: i.districtId,
  status: i.status,
  alertCount: i.alertCount,
  openedAt: i.openedAt.toISOString(),
  closedAt: iso(i.closedAt),
});

/** Alerts as the API shows them, with the owning department's names (identity's directory). */
export class AlertPresenter {
  constructor(private readonly departments: DepartmentDirectory) {}

  async alert(a: AlertRow) {
    await this.departments.ensure([a.departmentId]);
    return this.present(a);
  }

  async alerts(rows: AlertRow[]) {
    await this.departments.ensure(new Set(rows.map((a) => a.departmentId)));
    return rows.map((a) => this.present(a));
  }

  private present(a: AlertRow) {
    // A department the directory does not know (since removed) is shown by its id.
    const department = a.departmentId ? this.departments.get(a.departmentId) : null;
    return {
      id: a.id,
      ruleId: a.ruleId,
      ruleName: a.ruleName,
      severity: a.severity,
      status: a.status,
      deviceId: a.deviceId,
      deviceName: a.deviceName,
      productId: a.productId,
      gridId: a.gridId,
      streetId: a.streetId,
      districtId: a.districtId,
      location: a.lng !== null && a.lat !== null ? ([a.lng, a.lat] as [number, number]) : null,
      reason: a.reason,
      raisedAt: a.raisedAt.toISOString(),
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      clearedAt: iso(a.clearedAt),
      clearedBy: a.clearedBy,
      closedAt: iso(a.closedAt),
      closedBy: a.closedBy,
      note: a.note,
      incidentId: a.incidentId,
      departmentId: a.departmentId,
      departmentName: a.departmentId ? (department?.name ?? a.departmentId) : null,
      departmentNameEn: a.departmentId ? (department?.nameEn ?? a.departmentId) : null,
      version: a.version,
    };
  }
}
