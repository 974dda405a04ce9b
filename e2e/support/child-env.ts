/**
 * The environment for processes the tests start, without what Vitest adds to its own
 * (NODE_ENV=test, VITEST*): the platform and the web build must behave as they do for users.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_ENV;
  for (const name of Object.keys(env)) {
    if (name.startsWith('VITEST') || name === 'TEST') delete env[name];
  }
  return env;
}
