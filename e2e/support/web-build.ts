import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { childEnv } from './child-env.ts';
import { REPO_ROOT, WEB_DIR, WEB_DIST_DIR } from './paths.ts';

async function newestMtime(entry: string): Promise<number> {
  const stat = await fs.stat(entry).catch(() => null);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  const names = await fs.readdir(entry);
  const times = await Promise.all(names.map((name) => newestMtime(path.join(entry, name))));
  return Math.max(stat.mtimeMs, ...times);
}

/**
 * The platform serves web/dist, so the tests would silently check yesterday's UI if the
 * build were stale; it is rebuilt whenever a source file is newer than the built page.
 */
export async function ensureWebBuild(): Promise<void> {
  const built = await newestMtime(path.join(WEB_DIST_DIR, 'index.html'));
  const sources = Math.max(
    ...(await Promise.all(
      ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((name) =>
        newestMtime(path.join(WEB_DIR, name)),
      ),
    )),
  );
  if (built > sources) return;
  console.log('[e2e] building web/ (dist is missing or older than its sources)');
  const result = spawnSync('npm', ['run', 'build', '-w', 'web'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...childEnv(), NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`npm run build -w web failed (${result.status})`);
}
