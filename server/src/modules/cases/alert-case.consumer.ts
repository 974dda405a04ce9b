import { systemActor } from '../../platform/auth/actor.ts';
import type { DomainEvent, EventConsumer } from '../../platform/events/event.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import type { AlertSnapshot } from '../alerts/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { matchAlertMapping, priorityFor } from './alert-mapping.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import type { CaseIntakeWorkflow, Placement } from './case-intake.workflow.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import type { CaseTransitionWorkflow } from './case-transition.workflow.ts';
import type { CaseRepository } from './case.repository.ts';
import { casesEvent, factOf } from './cases.events.ts';

export interface AlertCaseDeps {
  catalog: CaseCatalog;
  intake: CaseIntakeWorkflow;
  transitions: CaseTransitionWorkflow;
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  regions: RegionsService;
}

/**
 * IoT alerts become cases (感知发现): `iot.alert.raised` opens a case of the mapped class,
 * linked to the alert and registered by the platform (the rule already judged it real);
 * `iot.alert.cleared` notes it on the case and, when the mapping says so and nobody has been
 * dispatched yet, closes the loop. The inbox makes redelivery harmless and the unique alert
 * id on cases makes a second case for one alert impossible.
 */
export function alertCaseConsumer(deps: AlertCaseDeps): EventConsumer<WriteContext> {
  return {
    name: 'cases.alert-to-case',
    types: ['iot.alert.raised', 'iot.alert.cleared'],
    async handle(event: DomainEvent, ctx: WriteContext) {
      const alert = event.payload as AlertSnapshot;
      if (event.type === 'iot.alert.raised') await opened(deps, ctx, alert);
      else await cleared(deps, ctx, alert);
    },
  };
}

async function opened(deps: AlertCaseDeps, ctx: WriteContext, alert: AlertSnapshot) {
  await deps.catalog.refresh(ctx.sql);
  const mapping = matchAlertMapping(deps.catalog.alertMappings(), alert);
  if (!mapping) return;
  if (await deps.repository.findByAlert(ctx.sql, alert.alertId)) return;
  const placement = placeAlert(deps.regions, alert);
  if (!placement) return;
  const { case: created } = await deps.intake.create(
    ctx,
    systemActor,
    {
      source: 'iot_alert',
      classId: mapping.classId,
      priority: priorityFor(mapping, alert.severity),
      description: `${alert.ruleName}：${alert.deviceName}（${alert.reason}）`,
      lng: placement.lng,
      lat: placement.lat,
      alertId: alert.alertId,
      reporterName: '物联感知',
    },
    placement,
  );
  await deps.transitions.apply(ctx, systemActor, created, {
    action: 'register',
    expectedVersion: created.version,
    note: `物联感知告警自动立案（${alert.severity}）`,
  });
}

async function cleared(deps: AlertCaseDeps, ctx: WriteContext, alert: AlertSnapshot) {
  const found = await deps.repository.findByAlert(ctx.sql, alert.alertId);
  if (!found) return;
  const row = (await deps.repository.lock(ctx.sql, found.id)) ?? found;
  await deps.catalog.refresh(ctx.sql);
  const mapping = matchAlertMapping(deps.catalog.alertMappings(), alert);
  const closes =
    mapping?.onCleared === 'close' && (row.stage === 'collected' || row.stage === 'registered');
  await deps.timeline.append(ctx.sql, {
    caseId: row.id,
    action: 'alert_cleared',
    actorId: systemActor.id,
    actorName: systemActor.displayName,
    actorRole: 'system',
    fromStage: row.stage,
    toStage: row.stage,
    note: `告警已解除：${alert.reason}`,
    details: { alertId: alert.alertId, clearedBy: alert.by },
  });
  const after = closes
    ? await deps.transitions.apply(ctx, systemActor, row, {
        action: 'alert_cleared_close',
        expectedVersion: row.version,
        note: '告警解除，派遣前自动结案',
      })
    : row;
  await ctx.emit(
    casesEvent(
      'cases.case.alertCleared',
      { ...factOf(after), alertId: alert.alertId, closed: closes },
      { regionId: after.gridId },
    ),
  );
}

/** The alert's point, or its grid's centre when the device has no coordinates. */
function placeAlert(regions: RegionsService, alert: AlertSnapshot): Placement | null {
  const knownGrid = alert.gridId && regions.exists(alert.gridId) ? alert.gridId : null;
  const point = alert.location ?? (knownGrid ? regions.get(knownGrid).centroid : null);
  if (!point) return null;
  const located = regions.locate(point[0], point[1]);
  const gridId = located?.grid?.id ?? alert.gridId;
  const streetId = located?.street?.id ?? alert.streetId;
  const districtId = located?.district?.id ?? alert.districtId;
  if (!gridId || !streetId || !districtId) return null;
  return { lng: point[0], lat: point[1], gridId, streetId, districtId };
}
