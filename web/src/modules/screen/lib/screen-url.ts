const REGION_PARAM = 'region';
const REGION_ID = /^[0-9A-Za-z_-]{1,64}$/;

/** The drilled-down region kept in the URL (/screen?region=310101); null means the whole city. */
export function regionFromSearch(params: URLSearchParams): string | null {
  const value = params.get(REGION_PARAM)?.trim();
  return value && REGION_ID.test(value) ? value : null;
}

export function searchWithRegion(
  params: URLSearchParams,
  regionId: string | null,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (regionId) next.set(REGION_PARAM, regionId);
  else next.delete(REGION_PARAM);
  return next;
}
