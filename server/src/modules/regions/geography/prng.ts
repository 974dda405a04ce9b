/**
 * Seeded randomness for the demo geography. Math.random is never used: the same seed must give
 * byte-identical regions on every machine, because region ids and polygons end up in
 * databases, fixtures and screenshots.
 */

export type Random = () => number;

/** mulberry32: a tiny 32-bit generator, good enough for placing points, and fully portable. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes a seed with a key (a region code) into an independent 32-bit seed, so every parent
 * region draws from its own stream: changing how one street is split cannot shift the
 * random numbers of any other street.
 */
export function deriveSeed(seed: number, key: string): number {
  // FNV-1a over the key, then a murmur3-style finaliser to spread the bits.
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= seed >>> 16;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
