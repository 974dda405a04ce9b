/**
 * The scan log's writer thread: its own small PostgreSQL pool; each batch arrives as a ready
 * COPY (or, holding a replay, as records for the skipping statement) and gets one reply.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { copyFromPool } from '../../platform/db/copy-from.ts';
import { appendSkippingStatement } from './scan-log.repository.ts';
import {
  recordsOf,
  type WriterReply,
  type WriterRequest,
  type WriterThreadOptions,
} from './scan-log-writer.ts';

const options = workerData as WriterThreadOptions;
const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
// An idle connection dropped by a server restart must not end the thread; the next batch
// opens a fresh one.
pool.on('error', () => undefined);

async function run(request: WriterRequest): Promise<WriterReply> {
  try {
    if (request.op === 'check') {
      await pool.query('SELECT 1');
      return { id: request.id, ok: true, skipped: null };
    }
    if (request.op === 'copy') {
      const { data } = request;
      await copyFromPool(
        pool,
        request.text,
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      );
      return { id: request.id, ok: true, skipped: null };
    }
    const result = await pool.query<{ id: string }>(
      appendSkippingStatement(recordsOf(request.records), request.shard),
    );
    return { id: request.id, ok: true, skipped: result.rows.map((r) => r.id) };
  } catch (error) {
    const e = error as { message?: string; code?: string; constraint?: string };
    return {
      id: request.id,
      ok: false,
      error: {
        message: e.message ?? String(error),
        ...(e.code ? { code: e.code } : {}),
        ...(e.constraint ? { constraint: e.constraint } : {}),
      },
    };
  }
}

parentPort!.on('message', (request: WriterRequest) => {
  void run(request).then((reply) => parentPort!.postMessage(reply));
});
