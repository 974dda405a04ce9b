import { systemActor } from '../../platform/auth/actor.ts';
import { mulberry32 } from '../../platform/random.ts';
import type { IotModule } from '../iot/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { FacilitiesService } from './facilities.service.ts';
import type { HealthModel } from './health-model.ts';

/**
 * A water plant's index: outlet pressure, the GB 5749 drinking-water limits (turbidity ≤ 1 NTU,
 * residual chlorine 0.3–2 mg/L at the outlet, pH 6.5–8.5) and pump state. Pressure and
 * chlorine are critical: a plant with no disinfectant is not "80 % healthy".
 */
export const waterPlantModel: HealthModel = {
  components: [
    {
      key: 'pressure',
      name: '出厂水压',
      role: 'outlet',
      property: 'pressure',
      weight: 30,
      scoring: { type: 'range', ideal: [0.28, 0.45], limit: [0.1, 0.7] },
      critical: true,
    },
    {
      key: 'turbidity',
      name: '浊度',
      role: 'quality',
      property: 'turbidity',
      weight: 20,
      scoring: { type: 'range', ideal: [0, 1], limit: [0, 4] },
    },
    {
      key: 'chlorine',
      name: '余氯',
      role: 'quality',
      property: 'chlorine',
      weight: 25,
      scoring: { type: 'range', ideal: [0.3, 2], limit: [0.05, 4] },
      critical: true,
    },
    {
      key: 'ph',
      name: 'pH',
      role: 'quality',
      property: 'ph',
      weight: 10,
      scoring: { type: 'range', ideal: [6.5, 8.5], limit: [5.5, 9.5] },
      aggregate: 'mean',
    },
    {
      key: 'pump',
      name: '泵站状态',
      role: 'outlet',
      property: 'pumpState',
      weight: 15,
      scoring: { type: 'map', values: { running: 100, stopped: 70, fault: 0 } },
    },
  ],
  missing: { policy: 'exclude', maxAgeMinutes: 30 },
  minCoverage: 0.6,
  levels: { good: 85, attention: 60 },
  criticalBelow: 40,
};

const READINGS_EVERY_MS = 5 * 60_000;
const HISTORY_POINTS = 13;

/**
 * The demo city's water plants: one per district, made of that district's water-pressure and
 * water-quality devices, with the last hour of readings sent through the real ingest path
 * (some plants drift: chlorine running low, turbidity rising) and scored once.
 */
export async function seedDemoFacilities(
  facilities: FacilitiesService,
  iot: Pick<IotModule, 'registry' | 'ingest'>,
  regions: RegionsService,
  options: { seed: number; now?: Date },
): Promise<{ facilities: number; readings: number }> {
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ^ 0xfac11);
  const districts = regions.list({ level: 'district', limit: 100, offset: 0 }).items;
  let created = 0;
  let readings = 0;
  for (const [index, district] of districts.entries()) {
    const pick = async (productId: string) =>
      (
        await iot.registry.list(systemActor, {
          productId,
          regionId: district.id,
          located: true,
          limit: 2,
          offset: 0,
        })
      ).items;
    const outlets = await pick('water-pressure');
    const probes = await pick('water-quality');
    const site = outlets[0];
    if (!site || probes.length === 0 || site.lng === null || site.lat === null) continue;
    const drift = index % 5 === 3 ? 'chlorine' : index % 7 === 5 ? 'turbidity' : null;
    const messages = [];
    for (let step = HISTORY_POINTS - 1; step >= 0; step--) {
      const ts = now.getTime() - step * READINGS_EVERY_MS;
      const late = 1 - step / (HISTORY_POINTS - 1);
      const noise = (scale: number) => (random() - 0.5) * scale;
      for (const outlet of outlets) {
        const values = {
          pressure: 0.36 + noise(0.04),
          flow: 1800 + noise(300),
          pumpState: 'running',
        };
        messages.push({ token: outlet.token, ts, values });
      }
      for (const probe of probes) {
        const chlorine = drift === 'chlorine' ? 0.45 - 0.38 * late : 0.6 + noise(0.1);
        const turbidity = drift === 'turbidity' ? 0.4 + 2.2 * late : 0.3 + noise(0.2);
        const values = { ph: 7.2 + noise(0.3), turbidity, chlorine, temperature: 16 + noise(1) };
        messages.push({ token: probe.token, ts, values });
      }
    }
    const outcomes = await iot.ingest.ingestBatch(
      messages.map((m) => ({
        token: m.token,
        kind: 'telemetry' as const,
        body: JSON.stringify({ ts: m.ts, values: roundValues(m.values) }),
        receivedAt: now,
      })),
    );
    readings += outcomes.reduce((sum, o) => sum + o.readings, 0);
    await facilities.create(systemActor, {
      id: `water-plant-${district.id}`,
      name: `${district.name}水厂`,
      nameEn: `${district.id} water plant`,
      kind: 'water_plant',
      location: { lng: site.lng, lat: site.lat },
      departmentId: null,
      model: waterPlantModel,
      devices: [
        ...outlets.map((d) => ({ deviceId: d.id, role: 'outlet' })),
        ...probes.map((d) => ({ deviceId: d.id, role: 'quality' })),
      ],
    });
    created++;
  }
  return { facilities: created, readings };
}

function roundValues(values: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      typeof v === 'number' ? Math.round(v * 1000) / 1000 : v,
    ]),
  );
}
