import type { RegionsService } from '../regions/index.ts';

export interface LocatedAddress {
  lng: number;
  lat: number;
  gridId: string;
}

interface Named {
  id: string;
  name: string;
  parentId: string | null;
  centroid: [number, number];
}

/**
 * Locates an `address_string` without coordinates, honestly: only when it names one residents'
 * or villagers' committee (a grid) of the city — narrowed by the district or street it also
 * names — and then at that grid's centre. Street addresses ("南京东路 300 号") are not
 * geocoded: there is no address gazetteer in OneCity, so such reports are refused with 400.
 */
export class AddressLocator {
  private grids: Named[] | null = null;
  private loadedFor = -1;

  constructor(private readonly regions: RegionsService) {}

  locate(address: string): LocatedAddress | null {
    const text = address.replace(/\s+/g, '');
    if (text.length < 3) return null;
    let candidates = this.gridsNamedIn(text);
    if (candidates.length > 1) {
      const named = (id: string | null) => {
        const name = id ? this.regions.nameOf(id) : null;
        return name !== null && text.includes(name);
      };
      const byStreet = candidates.filter((g) => named(g.parentId));
      if (byStreet.length > 0) candidates = byStreet;
      const byDistrict = candidates.filter((g) =>
        this.regions.ancestors(g.id).some((a) => a.level === 'district' && named(a.id)),
      );
      if (byDistrict.length > 0) candidates = byDistrict;
    }
    if (candidates.length !== 1) return null;
    const grid = candidates[0] as Named;
    const [lng, lat] = grid.centroid;
    // A centroid can fall outside a concave polygon: only a point inside the grid will do.
    if (this.regions.locate(lng, lat)?.grid?.id !== grid.id) return null;
    return { lng, lat, gridId: grid.id };
  }

  private gridsNamedIn(text: string): Named[] {
    if (!this.grids || this.loadedFor !== this.regions.size) {
      this.grids = this.regions
        .list({ level: 'grid', limit: Number.MAX_SAFE_INTEGER, offset: 0 })
        .items.filter((g) => g.name.length >= 3);
      this.loadedFor = this.regions.size;
    }
    const found = this.grids.filter((g) => text.includes(g.name));
    // "…新村第二居委会" also contains "…新村" names: keep only the longest matches.
    const longest = Math.max(0, ...found.map((g) => g.name.length));
    return found.filter((g) => g.name.length === longest);
  }
}
