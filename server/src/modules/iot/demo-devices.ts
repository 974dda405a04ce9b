import { systemActor } from '../../platform/auth/actor.ts';
import { mulberry32 } from '../../platform/random.ts';
import type { RegionsService } from '../regions/index.ts';
import { demoProducts } from './demo-products.ts';
import type { DeviceRegistryService, ImportProgress } from './device-registry.service.ts';

export const DEMO_DEVICES_PER_SCALE = 2_000;

/**
 * The demo products, then devices of every product spread over the whole map: the same seed
 * gives the same names and places (tokens are random: they are credentials). Each device
 * lands at a random point of a random grid and is located into it like any other device.
 */
export async function seedDemoDevices(
  registry: DeviceRegistryService,
  regions: RegionsService,
  options: { seed: number; count: number; onProgress?: (p: ImportProgress) => void },
): Promise<{ products: number; devices: number }> {
  await registry.createProducts(
    systemActor,
    demoProducts.map((p) => ({
      id: p.id,
      name: p.name,
      nameEn: p.nameEn,
      description: p.description,
      retentionDays: p.retentionDays,
      thingModel: p.thingModel,
    })),
  );
  const grids = regions.list({ level: 'grid', limit: 10_000_000, offset: 0 }).items;
  if (grids.length === 0) return { products: demoProducts.length, devices: 0 };
  const random = mulberry32(options.seed ^ 0x10717);
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < options.count; i++) {
    const product = demoProducts[i % demoProducts.length] ?? demoProducts[0];
    if (!product) break;
    const grid = grids[Math.floor(random() * grids.length)] ?? grids[0];
    if (!grid) break;
    const [west, south, east, north] = regions.get(grid.id).bbox;
    let [lng, lat] = grid.centroid;
    for (let attempt = 0; attempt < 12; attempt++) {
      const x = west + random() * (east - west);
      const y = south + random() * (north - south);
      if (regions.locate(x, y)?.grid?.id === grid.id) {
        [lng, lat] = [x, y];
        break;
      }
    }
    const districtId = grid.id.slice(0, 6);
    rows.push({
      name: `${product.prefix}-${String(i + 1).padStart(6, '0')}`,
      productId: product.id,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      tags: ['demo', product.id],
      departmentId: `${districtId}.${product.departmentCode}`,
    });
  }
  const report = await registry.importDevices(systemActor, rows, options.onProgress);
  return { products: demoProducts.length, devices: report.created };
}
