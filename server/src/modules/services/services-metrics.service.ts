import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { badRequest } from '../../platform/errors/app-error.ts';
import type { ApplicationRepository } from './application.repository.ts';
import type { CatalogueService } from './catalogue.service.ts';

export type MetricsPeriod = 'day' | 'week' | 'month';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole === 0 ? 0 : round(part / whole, 4));
const mean = (values: number[]) =>
  values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length);

/**
 * 一网通办 in figures: how much of the catalogue is 全程网办 and 最多跑一次, how long
 * applications take against their statutory and promised days (双减半: promised ≤ half of
 * statutory, actual below promised), and applications per period and department.
 */
export class ServicesMetricsService {
  constructor(
    private readonly db: Database,
    private readonly catalogue: CatalogueService,
    private readonly repository: ApplicationRepository,
    private readonly calendar: WorkCalendarService,
  ) {}

  async catalogueFigures() {
    const rows = await this.catalogue.catalogueStats();
    let items = 0;
    let fullOnline = 0;
    let oneVisit = 0;
    let statutory = 0;
    let promised = 0;
    const departments = new Map<
      string,
      { items: number; fullOnline: number; atMostOneVisit: number }
    >();
    for (const row of rows) {
      items += row.n;
      statutory += row.statutory;
      promised += row.promised;
      if (row.onlineLevel === 'full_online') fullOnline += row.n;
      if (row.onlineLevel === 'one_visit') oneVisit += row.n;
      const d = departments.get(row.departmentCode) ?? {
        items: 0,
        fullOnline: 0,
        atMostOneVisit: 0,
      };
      d.items += row.n;
      if (row.onlineLevel === 'full_online') d.fullOnline += row.n;
      if (row.onlineLevel !== 'on_site') d.atMostOneVisit += row.n;
      departments.set(row.departmentCode, d);
    }
    return {
      items,
      fullOnline,
      oneVisit,
      onSite: items - fullOnline - oneVisit,
      fullOnlineShare: share(fullOnline, items),
      atMostOneVisitShare: share(fullOnline + oneVisit, items),
      avgStatutoryDays: items ? round(statutory / items) : 0,
      avgPromisedDays: items ? round(promised / items) : 0,
      /** 1 − promised/statutory: 0.5 or more is 承诺时限减半. */
      promisedReduction: statutory ? round(1 - promised / statutory, 4) : 0,
      byDepartment: [...departments.entries()]
        .map(([departmentCode, d]) => ({
          departmentCode,
          ...d,
          fullOnlineShare: share(d.fullOnline, d.items),
          atMostOneVisitShare: share(d.atMostOneVisit, d.items),
        }))
        .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode)),
    };
  }

  async figures(query: { from?: string; to?: string; period: MetricsPeriod }) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 90 * 86_400_000);
    if (!(from < to)) throw badRequest('invalid_range', '`from` must be before `to`');
    if (to.getTime() - from.getTime() > 3 * 366 * 86_400_000) {
      throw badRequest('range_too_long', 'ask for at most three years at a time');
    }
    const work = await this.calendar.refresh();
    const days = (a: Date, b: Date) =>
      Math.max(0, work.workingMinutesBetween(a, b)) / work.minutesPerDay;

    const applications = await this.repository.decidedApplications(this.db.orm, from, to);
    const handled = applications.map((a) => days(a.acceptedAt!, a.decidedAt!));

    const tasks = await this.repository.decidedTasks(this.db.orm, from, to);
    const byDepartment = new Map<
      string,
      { decided: number; days: number[]; statutory: number[]; promised: number[]; overdue: number }
    >();
    for (const t of tasks) {
      if (!t.openedAt || !t.decidedAt) continue;
      const d = byDepartment.get(t.departmentId) ?? {
        decided: 0,
        days: [],
        statutory: [],
        promised: [],
        overdue: 0,
      };
      d.decided += 1;
      d.days.push(days(t.openedAt, t.decidedAt));
      d.statutory.push(t.statutoryDays);
      d.promised.push(t.promisedDays);
      if (t.overdue) d.overdue += 1;
      byDepartment.set(t.departmentId, d);
    }
    const avgHandling = mean(handled);
    const avgStatutory = mean(applications.map((a) => a.statutoryDays));
    const series = await this.repository.submittedPerPeriod(this.db.orm, from, to, query.period);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      catalogue: await this.catalogueFigures(),
      handling: {
        decided: applications.length,
        approved: applications.filter((a) => ['approved', 'delivered'].includes(a.status)).length,
        avgHandlingDays: avgHandling,
        avgStatutoryDays: avgStatutory,
        avgPromisedDays: mean(applications.map((a) => a.promisedDays)),
        /** Actual working days as a share of statutory days (双减半 asks for ≤ 0.5). */
        handlingToStatutory:
          avgHandling !== null && avgStatutory ? round(avgHandling / avgStatutory, 4) : null,
        byDepartment: [...byDepartment.entries()]
          .map(([departmentId, d]) => ({
            departmentId,
            decided: d.decided,
            overdue: d.overdue,
            avgHandlingDays: mean(d.days),
            avgStatutoryDays: mean(d.statutory),
            avgPromisedDays: mean(d.promised),
          }))
          .sort((a, b) => a.departmentId.localeCompare(b.departmentId)),
      },
      applications: {
        period: query.period,
        total: series.reduce((sum, r) => sum + Number(r.n), 0),
        series: series.map((r) => ({
          period: r.period,
          departmentId: r.department_id || null,
          count: Number(r.n),
        })),
      },
    };
  }
}
