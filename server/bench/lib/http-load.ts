/**
 * A lean HTTP/1.1 load generator for benchmarks whose load runs on the machine under test.
 *
 * autocannon spends ~25 µs of CPU per request on this machine, a third of a city code scan's
 * whole budget at 24,000 scans/s on two cores: the load generator would be measuring itself.
 * This one keeps `connections` keep-alive sockets, each with one request in flight (closed
 * loop, like autocannon and like a real scanner waiting for its answer), writes each request
 * as one prebuilt buffer and reads only the status line, Content-Length and body of each
 * answer. Every request is still a real HTTP request that the server parses in full.
 */
import net from 'node:net';

export interface LoadOptions {
  host: string;
  /** Connection i goes to ports[i mod n] (several API nodes, as a load balancer would). */
  ports: number[];
  connections: number;
  durationSeconds: number;
  /** The next request, whole (request line, headers, blank line, body). */
  nextRequest: () => Buffer;
  /** Every answer: its status and body. */
  onResponse?: (status: number, body: string) => void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Latency percentiles in ms. */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
}

/** Builds a POST with a JSON body. */
export function jsonPost(
  host: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Buffer {
  const bodyBytes = Buffer.from(body);
  let head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes.length}\r\n`;
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`), bodyBytes]);
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let stopping = false;
  const deadline = performance.now() + options.durationSeconds * 1000;

  const connection = (_: unknown, index: number) =>
    new Promise<void>((resolve) => {
      const port = options.ports[index % options.ports.length]!;
      const socket = net.connect({ host: options.host, port, noDelay: true });
      let buffered: Buffer | null = null;
      let sentAt = 0;
      let closed = false;
      const send = () => {
        if (stopping || performance.now() >= deadline) {
          stopping = true;
          closed = true;
          socket.end();
          resolve();
          return;
        }
        sentAt = performance.now();
        socket.write(options.nextRequest());
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered ? Buffer.concat([buffered, chunk]) : chunk;
        // Answers arrive one at a time (one request in flight), usually in one chunk.
        for (;;) {
          const data: Buffer = buffered;
          const headEnd: number = data.indexOf(CRLFCRLF);
          if (headEnd < 0) return;
          const head: string = data.toString('latin1', 0, headEnd);
          const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
          const total: number = headEnd + 4 + length;
          if (data.length < total) return;
          const status = Number(head.slice(9, 12));
          latencies.push(performance.now() - sentAt);
          if (status >= 500) errors++;
          options.onResponse?.(status, data.toString('utf8', headEnd + 4, total));
          buffered = data.length === total ? null : data.subarray(total);
          if (!buffered) break;
        }
        send();
      });
      const fail = () => {
        if (closed) return;
        closed = true;
        errors++;
        resolve();
      };
      socket.on('error', fail);
      socket.on('close', fail);
    });

  await Promise.all(Array.from({ length: options.connections }, connection));
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) =>
    sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  let sum = 0;
  for (const l of sorted) sum += l;
  return {
    requests: latencies.length,
    errors,
    latency: {
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : 0,
      mean: sorted.length ? sum / sorted.length : 0,
    },
  };
}
