import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import { unauthorized } from '../errors/app-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the identity module's hook from a valid bearer token; null when none was sent. */
    actor: Actor | null;
  }
}

/** The acting person, or a 401 problem when the request carries no valid token. */
export function authenticated(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw unauthorized('This endpoint needs a bearer token: POST /api/v1/auth/login first');
  }
  return request.actor;
}
