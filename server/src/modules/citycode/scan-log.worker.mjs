// Entry of the scan log's writer thread (see scan-log-writer.ts). Worker threads start without
// the TypeScript loader of the thread that created them, so this file registers it first.
import { register } from 'tsx/esm/api';

register();
await import('./scan-log.worker.ts');
