/**
 * A throwaway HTTP endpoint for emulator tests: records every POST with its raw body and
 * headers and answers with whatever `verify` decides — standing in for the production
 * webhook/notification route.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { path: string; rawBody: string; headers: http.IncomingHttpHeaders; status: number; result?: unknown; error?: string }

export async function startReceiver(verify: (rawBody: string, headers: http.IncomingHttpHeaders) => unknown = () => undefined) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const rec: Received = { path: req.url ?? '/', rawBody, headers: req.headers, status: 200 };
      try { rec.result = verify(rawBody, req.headers); } catch (err) { rec.status = 400; rec.error = (err as Error).message; }
      received.push(rec);
      res.writeHead(rec.status, { 'content-type': 'text/plain' }).end(rec.error ?? 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
