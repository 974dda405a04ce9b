import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'e2e', 'artifacts');
export const WEB_DIR = path.join(REPO_ROOT, 'web');
export const WEB_DIST_DIR = path.join(WEB_DIR, 'dist');
