import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import { Registry } from 'prom-client';
import { createApp } from '../../src/api/app';

export interface TestApi {
  /** `http://127.0.0.1:<port>` */
  base: string;
  close(): Promise<void>;
}

/** The collector's HTTP app with these routers on a free loopback port. */
export async function listenApi(routers: Router[], readTokens: string[]): Promise<TestApi> {
  const app = createApp({ routers, metrics: new Registry(), readTokens });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
