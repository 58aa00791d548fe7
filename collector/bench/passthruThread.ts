/**
 * The worker thread of streams.ts webhookStream: paces the Passthru stream until told to stop, then
 * sends back every request's answer with this thread's clock origin.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { paceWebhooks, type PassthruThreadData, type PassthruThreadResult } from './passthru';

if (!isMainThread && require.main === module && parentPort) {
  const port = parentPort;
  const { port: collectorPort, rate } = workerData as PassthruThreadData;
  const stop = new Promise<void>((resolve) => port.once('message', () => resolve()));
  void paceWebhooks(collectorPort, rate, stop).then((answered) => {
    const result: PassthruThreadResult = { timeOrigin: performance.timeOrigin, answered };
    port.postMessage(result);
  });
}
