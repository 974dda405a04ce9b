/**
 * Seeded randomness for the demo geography. Math.random is never used: the same seed must give
 * byte-identical regions on every machine, because region ids and polygons end up in
 * databases, fixtures and screenshots.
 */

export type Random = () => number;

// The generator is shared with the rest of the demo data.
export { mulberry32 } from '../../../platform/random.ts';

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
