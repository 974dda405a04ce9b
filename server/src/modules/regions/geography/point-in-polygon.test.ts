import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from './geojson.ts';
import { packEdges, pointInGeometry, pointInPackedEdges } from './point-in-polygon.ts';
import { mulberry32 } from './prng.ts';

const squareWithHole: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [4, 6],
      [6, 6],
      [6, 4],
      [4, 4],
    ],
  ],
};

const twoParts: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
    [
      [
        [5, 5],
        [7, 5],
        [7, 7],
        [5, 7],
        [5, 5],
      ],
    ],
  ],
};

/** Two squares sharing the edge x = 1 (traversed in opposite directions). */
const left: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [1, 0],
      [1.0000001, 1],
      [0, 1],
      [0, 0],
    ],
  ],
};
const right: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [1, 0],
      [2, 0],
      [2, 1],
      [1.0000001, 1],
      [1, 0],
    ],
  ],
};

describe('pointInGeometry', () => {
  it('excludes holes and includes every part of a multipolygon', () => {
    expect(pointInGeometry(squareWithHole, 2, 2)).toBe(true);
    expect(pointInGeometry(squareWithHole, 5, 5)).toBe(false);
    expect(pointInGeometry(squareWithHole, 11, 5)).toBe(false);
    expect(pointInGeometry(twoParts, 0.9, 0.1)).toBe(true);
    expect(pointInGeometry(twoParts, 6, 6)).toBe(true);
    expect(pointInGeometry(twoParts, 3, 3)).toBe(false);
  });

  it('gives a point on a shared edge to exactly one of the two neighbours', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 1000; i++) {
      const y = random();
      // Exactly on the shared edge, computed the way the ray test does.
      const x = 1 + (y - 0) * ((1.0000001 - 1) / (1 - 0));
      const inLeft = pointInGeometry(left, x, y);
      const inRight = pointInGeometry(right, x, y);
      expect(Number(inLeft) + Number(inRight)).toBe(1);
    }
    // Shared vertices and horizontal edges follow the same rule.
    for (const [x, y] of [
      [1, 0],
      [0.5, 0],
      [1.5, 1],
    ] as const) {
      expect(
        Number(pointInGeometry(left, x, y)) + Number(pointInGeometry(right, x, y)),
      ).toBeLessThanOrEqual(1);
    }
  });
});

describe('pointInPackedEdges', () => {
  it('agrees with the GeoJSON walk on random points', () => {
    const random = mulberry32(11);
    for (const geometry of [squareWithHole, twoParts, left, right]) {
      const edges = packEdges(geometry);
      for (let i = 0; i < 2000; i++) {
        const x = -1 + 12 * random();
        const y = -1 + 12 * random();
        expect(pointInPackedEdges(edges, 0, edges.length, x, y)).toBe(
          pointInGeometry(geometry, x, y),
        );
      }
    }
  });
});
