import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import thrift from 'thrift';
import TCLIService from '@databricks/sql/thrift/TCLIService.js';
import type { WarehouseFaults } from './warehouse-faults.js';
import type { WarehouseLog } from './warehouse-log.js';

export interface ThriftEndpointOptions {
  path: string;
  token: string;
  tls: { key: string; cert: string };
  handler: object;
  faults: WarehouseFaults;
  log: WarehouseLog;
}

interface ProcessorLike {
  process(input: unknown, output: unknown): void;
}

/**
 * The HTTPS front of the warehouse: TCLIService over HTTP POST at one path, TBinaryProtocol in
 * buffered transport (what the driver speaks), bearer-token auth answered with 401 as
 * Databricks does. Other paths and methods get 404 and are logged. Transport-level faults
 * (latency, dropped connections, HTTP error statuses, requests never answered) are applied here.
 */
export class ThriftEndpoint {
  readonly server: Server;
  readonly #options: ThriftEndpointOptions;
  readonly #processor: ProcessorLike;
  readonly #sockets = new Set<Socket>();

  constructor(options: ThriftEndpointOptions) {
    this.#options = options;
    this.#processor = new TCLIService.Processor(options.handler) as ProcessorLike;
    this.server = createServer({ key: options.tls.key, cert: options.tls.cert }, (request, response) => {
      this.#handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  async listen(port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the warehouse has no TCP address');
    return address.port;
  }

  /** Stops listening and ends every connection, including requests a fault left unanswered. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { log, faults } = this.#options;
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'POST' || path !== this.#options.path) {
      log.unexpectedRequests.push({ method: request.method ?? '', path: request.url ?? '' });
      request.resume();
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.#options.token}`) {
      log.unauthorizedRequests++;
      request.resume();
      response.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
      return;
    }
    const body = await readBody(request);
    const method = thriftMethodName(body);

    const latency = faults.takeFor('latency', method);
    if (latency) await delay(latency.ms);
    if (faults.takeFor('hang-request', method)) return; // answered never: the socket ends when the warehouse closes
    const drop = faults.takeFor('drop-connection', method);
    if (drop && !drop.afterProcessing) {
      request.socket.destroy();
      return;
    }
    const status = faults.takeFor('http-status', method);
    if (status) {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
      if (status.retryAfterSeconds !== undefined) headers['Retry-After'] = String(status.retryAfterSeconds);
      response.writeHead(status.status, headers).end(`Injected HTTP ${status.status}`);
      return;
    }

    const answer = await this.#process(body);
    if (drop) {
      request.socket.destroy();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/x-thrift', 'Content-Length': answer.length }).end(answer);
  }

  /** Runs one Thrift message through the generated processor and returns the serialized answer. */
  #process(body: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const receive = thrift.TBufferedTransport.receiver((transport) => {
        const input = new thrift.TBinaryProtocol(transport);
        const output = new thrift.TBinaryProtocol(new thrift.TBufferedTransport(undefined, (buffer?: Buffer) => resolve(buffer ?? Buffer.alloc(0))));
        try {
          this.#processor.process(input, output);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }, 0);
      receive(body);
    });
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The method name a Thrift message calls, read without consuming it. */
function thriftMethodName(body: Buffer): string {
  let name = '';
  try {
    thrift.TBufferedTransport.receiver((transport) => {
      name = new thrift.TBinaryProtocol(transport).readMessageBegin().fname;
    }, 0)(body);
  } catch {
    // Not a Thrift message: the processor will answer it with an error.
  }
  return name;
}
