import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LogFn } from 'pino';

/**
 * A request's logger that becomes a real pino child (bound to the request id) only when
 * something is logged. Fastify makes one child per request; most requests (a scan, a
 * telemetry post) log nothing, and building the child is a measurable part of a short
 * request's CPU. Handed to Fastify as its `childLoggerFactory`.
 */
export class LazyRequestLogger implements FastifyBaseLogger {
  private real: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  /** The child's level: a route's own level (Fastify's `logLevel`) when it has one. */
  get level(): Level | 'silent' {
    return (this.real?.level ?? this.options.level ?? this.parent.level) as Level | 'silent';
  }

  set level(level: Level | 'silent') {
    this.log.level = level;
  }

  // The log methods live on the prototype (below): no closures per request.
  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;
  declare silent: LogFn;

  /** The real child, made on first use. */
  get log(): FastifyBaseLogger {
    return (this.real ??= this.parent.child(this.bindings, this.options));
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.log.child(bindings, options);
  }
}

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
for (const level of levels) {
  Object.defineProperty(LazyRequestLogger.prototype, level, {
    value(this: LazyRequestLogger, ...args: unknown[]) {
      (this.log[level] as (...a: unknown[]) => void)(...args);
    },
  });
}
Object.defineProperty(LazyRequestLogger.prototype, 'silent', { value: () => undefined });

export function lazyChildLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(parent, bindings, options);
}
