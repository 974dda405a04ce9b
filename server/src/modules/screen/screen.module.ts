import type { Actor } from '../../platform/auth/actor.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Policy } from '../identity/index.ts';
import type { IotModule } from '../iot/index.ts';
import type { RegionsService } from '../regions/index.ts';
import {
  defaultAggregatorOptions,
  ScreenAggregator,
  type AggregatorOptions,
} from './screen-aggregator.ts';
import { screenChangesConsumer } from './screen-changes.consumer.ts';
import { ScreenFigures } from './screen-figures.ts';
import { registerScreenRoutes } from './screen.routes.ts';

export interface ScreenDependencies {
  regions: RegionsService;
  policy: Policy;
  iot: Pick<IotModule, 'registry' | 'ingest'>;
  /** The services module's share of 全程网办 items. */
  fullyOnlineShare: () => Promise<number | null>;
  /** The identity module's token check, for `?access_token=` on the stream. */
  authenticate: (token: string) => Promise<Actor>;
  options?: Partial<AggregatorOptions>;
}

/**
 * The big screen (一屏观天下): shared per-region aggregates fed by the bus, served over HTTP
 * and Server-Sent Events. It owns no tables; every figure is asked of the module that owns it.
 */
export class ScreenModule {
  private constructor(
    private readonly deps: ScreenDependencies,
    readonly aggregator: ScreenAggregator,
  ) {}

  static create(platform: Platform, deps: ScreenDependencies): ScreenModule {
    const figures = new ScreenFigures({
      db: platform.db,
      regions: deps.regions,
      iot: deps.iot,
      fullyOnlineShare: deps.fullyOnlineShare,
    });
    const aggregator = new ScreenAggregator(
      figures,
      deps.regions,
      platform.log.child({ part: 'screen' }),
      { ...defaultAggregatorOptions, ...deps.options },
    );
    platform.subscribe(screenChangesConsumer((change) => aggregator.apply(change)));
    return new ScreenModule(deps, aggregator);
  }

  /** Builds the city's figures and device layer in the background, so the first screen is fast. */
  warm(): void {
    // A platform started without the demo city has no regions yet: nothing to warm.
    const rootId = this.deps.regions.rootId;
    if (rootId === '') return;
    this.aggregator.warm(rootId);
  }

  registerRoutes(http: HttpServer): void {
    registerScreenRoutes(http, {
      aggregator: this.aggregator,
      policy: this.deps.policy,
      regions: this.deps.regions,
      authenticate: this.deps.authenticate,
    });
    this.aggregator.start();
    // Open streams would keep a graceful close waiting forever: end them first.
    http.addHook('preClose', async () => this.aggregator.close());
  }
}
