export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function overlaps(a: Box, b: Box, gap: number): boolean {
  return (
    a.left < b.right + gap &&
    b.left < a.right + gap &&
    a.top < b.bottom + gap &&
    b.top < a.bottom + gap
  );
}

/**
 * Greedy label placement: walking the candidates in priority order, a label is shown only if
 * it clears every fixed box and every label already shown. Quadratic, which is fine for the
 * few dozen street names of one district.
 */
export function visibleLabels(
  candidates: readonly Box[],
  fixed: readonly Box[],
  gap = 2,
): boolean[] {
  const placed: Box[] = [...fixed];
  return candidates.map((box) => {
    if (placed.some((other) => overlaps(box, other, gap))) return false;
    placed.push(box);
    return true;
  });
}
