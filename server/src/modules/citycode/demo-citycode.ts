import { systemActor, type AssuranceLevel } from '../../platform/auth/actor.ts';
import { mulberry32 } from '../../platform/random.ts';
import type { HolderService } from './holder.service.ts';
import type { SceneInput, SceneRegistry } from './scene-registry.service.ts';
import type { FareCategory, HolderAttributes } from './scene-types.ts';

/** A citizen as the identity module lists them (only what the seed needs). */
export interface CitizenSummary {
  id: string;
  username: string;
  displayName: string;
  idNumber: string | null;
  assuranceLevel: AssuranceLevel;
}

/**
 * Demo scanners authenticate with `<scanner id>.` + this secret. Like the demo password it is
 * public: it exists only in a seeded demo city; a real deployment registers its own scanners.
 */
export const DEMO_SCANNER_SECRET = 'OneCity-demo-scanner-2026';

export const demoScenes: SceneInput[] = [
  {
    id: 'clinic-ruijin',
    type: 'clinic',
    name: '瑞金医院门诊挂号',
    nameEn: 'Ruijin Hospital outpatient registration',
    rules: [{ attribute: 'insured', equals: true }],
    fields: ['name', 'age', 'insured', 'medicalInsuranceNo'],
  },
  {
    id: 'metro-line-2',
    type: 'transit',
    name: '地铁2号线闸机',
    nameEn: 'Metro Line 2 gates',
    rules: [{ attribute: 'hasTransitAccount', equals: true }],
    fields: ['transitAccount', 'fareCategory'],
  },
  {
    id: 'bus-71',
    type: 'transit',
    name: '71路中运量公交',
    nameEn: 'Bus route 71',
    rules: [{ attribute: 'hasTransitAccount', equals: true }],
    fields: ['transitAccount', 'fareCategory'],
  },
  {
    id: 'pool-oriental',
    type: 'pool',
    name: '东方体育中心游泳馆',
    nameEn: 'Oriental Sports Center pool',
    rules: [{ attribute: 'healthCertificateValid', equals: true }],
    fields: ['maskedName', 'healthCertificateValid'],
  },
  {
    id: 'venue-expo',
    type: 'venue',
    name: '国家会展中心入馆',
    nameEn: 'National Exhibition and Convention Center entry',
    rules: [{ attribute: 'age', min: 18 }],
    fields: ['maskedName', 'adult'],
  },
  {
    id: 'parking-peoples-square',
    type: 'parking',
    name: '人民广场地下停车场',
    nameEn: "People's Square underground car park",
    rules: [{ attribute: 'hasVehicle', equals: true }],
    fields: ['vehiclePlates'],
  },
];

const plateLetters = 'ABCDEFGHJKLMN';

/** Where each demo scene's first scanner stands. */
const demoPlaces: Record<string, string> = {
  'clinic-ruijin': '黄浦区瑞金二路197号 门诊大厅',
  'metro-line-2': '人民广场站 2号线闸机',
  'bus-71': '延安东路外滩 71路首末站',
  'pool-oriental': '浦东新区泳耀路300号',
  'venue-expo': '青浦区崧泽大道333号 北入口',
  'parking-peoples-square': '黄浦区人民大道 地下停车场入口',
};

/** Attributes for a citizen, deterministic from the seed; the named demo citizens are fixed. */
function demoAttributes(
  citizen: CitizenSummary,
  random: () => number,
  today: Date,
): HolderAttributes {
  const id = citizen.idNumber;
  const birthDate = id ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : null;
  const age = birthDate ? today.getUTCFullYear() - Number(birthDate.slice(0, 4)) : null;
  const inYears = (years: number) => {
    const d = new Date(today.getTime() + years * 365 * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const serial = String(Math.floor(random() * 1e9)).padStart(9, '0');
  const fare: FareCategory = age !== null && age >= 70 ? 'senior' : 'standard';
  const base: HolderAttributes = {
    name: citizen.displayName,
    birthDate,
    assuranceLevel: citizen.assuranceLevel,
    insured: random() < 0.9,
    medicalInsuranceNo: null,
    transitAccount: random() < 0.85 ? `SPTC${serial}` : null,
    fareCategory: fare,
    healthCertificateExpires: random() < 0.3 ? inYears(random() < 0.7 ? 1 : -1) : null,
    vehiclePlates:
      random() < 0.35
        ? [`沪${plateLetters[Math.floor(random() * plateLetters.length)]}${serial.slice(0, 5)}`]
        : [],
  };
  if (citizen.username === 'citizen.realname') {
    Object.assign(base, {
      insured: true,
      transitAccount: 'SPTC310000001',
      healthCertificateExpires: inYears(1),
      vehiclePlates: ['沪A12345'],
    });
  } else if (citizen.username === 'citizen.realperson') {
    // Insured and a transit user, but the health certificate ran out: the pool says no.
    Object.assign(base, {
      insured: true,
      transitAccount: 'SPTC310000002',
      healthCertificateExpires: inYears(-1),
      vehiclePlates: [],
    });
  }
  if (base.insured) base.medicalInsuranceNo = `SH${serial}`;
  return base;
}

/** Scenes of every type with one demo scanner each, and attributes for the demo citizens. */
export async function seedDemoCitycode(
  registry: SceneRegistry,
  holders: HolderService,
  citizens: CitizenSummary[],
  options: { seed: number },
): Promise<{ scenes: number; scanners: number; holders: number }> {
  for (const scene of demoScenes) await registry.createScene(systemActor, scene);
  const scanners = await registry.registerScanners(
    systemActor,
    demoScenes.map((scene) => ({
      id: `${scene.id}-01`,
      sceneId: scene.id,
      name: `${scene.name} 1号`,
      place: demoPlaces[scene.id] ?? null,
      secret: DEMO_SCANNER_SECRET,
    })),
  );
  const random = mulberry32(options.seed ^ 0x5eed);
  const today = new Date();
  const list = citizens
    .filter((c) => c.assuranceLevel !== 'basic')
    .map((c) => ({ accountId: c.id, ...demoAttributes(c, random, today) }));
  const created = await holders.importMany(list);
  return { scenes: demoScenes.length, scanners: scanners.length, holders: created };
}
