import type { paths } from './schema';

/**
 * The shape openapi-fetch hands back: it reads every array, tuples included, as a plain
 * array (its `Readable`), so the app's types do the same to stay assignable.
 */
type Received<T> = T extends readonly (infer Item)[]
  ? Received<Item>[]
  : T extends object
    ? { [K in keyof T]: Received<T[K]> }
    : T;

/**
 * Response and query types are taken from the paths, not from component names, so they
 * keep working whatever names the generator gives the server's schemas.
 */
type JsonOk<Operation> = Operation extends {
  responses: { 200: { content: { 'application/json': infer Body } } };
}
  ? Received<Body>
  : never;

type QueryOf<Operation> = Operation extends { parameters: { query?: infer Query } }
  ? NonNullable<Query>
  : never;

export type LoginResponse = JsonOk<paths['/api/v1/auth/login']['post']>;
export type Account = JsonOk<paths['/api/v1/me']['get']>;
export type AccountKind = Account['kind'];
export type AssuranceLevel = Account['assuranceLevel'];
export type RoleAssignment = Account['roles'][number];

export type RegionList = JsonOk<paths['/api/v1/regions']['get']>;
export type RegionSummary = RegionList['items'][number];
export type RegionQuery = QueryOf<paths['/api/v1/regions']['get']>;
export type RegionDetail = JsonOk<paths['/api/v1/regions/{id}']['get']>;
export type RegionRef = RegionDetail['ancestors'][number];
export type RegionLevel = RegionSummary['level'];
export type ChildRegionLevel = NonNullable<RegionQuery['level']>;
export type RegionFeatureQuery = QueryOf<paths['/api/v1/regions/features']['get']>;
export type LocateResult = JsonOk<paths['/api/v1/regions/locate']['get']>;
