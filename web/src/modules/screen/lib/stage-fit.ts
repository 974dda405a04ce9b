export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

export interface StageFit {
  scale: number;
  /** Offsets of the scaled stage inside the window: the letterbox bars. */
  left: number;
  top: number;
}

/** Fits the fixed 1920×1080 stage into any window, keeping 16:9 and centring it. */
export function fitStage(width: number, height: number): StageFit {
  if (width <= 0 || height <= 0) return { scale: 1, left: 0, top: 0 };
  const scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
  return {
    scale,
    left: Math.round((width - STAGE_WIDTH * scale) / 2),
    top: Math.round((height - STAGE_HEIGHT * scale) / 2),
  };
}
