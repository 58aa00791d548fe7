/**
 * The provisioned dashboards' requests as the Grafana plugin builds them: its own buildQueryBody
 * (plugin/src/query/request.ts) fed by the stack tests' dashboard loading and variable interpolation
 * (tests/stack/support/dashboardRequests.ts), so the benches send exactly what the stack tests check.
 * That code lies outside the collector's TypeScript build (its rootDir), and the plugin compiles it only
 * into its browser bundle, so it is loaded from source through ts-node's transpile-only hook, the way
 * `npm run grafana:generate` runs the provisioning sources (ts-node is a plugin devDependency). It is
 * type-checked by `npm run typecheck` (tests/tsconfig.json) and exercised by the stack tests.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { QueryRequestBody } from '@exowatch/contract';
import type * as TsNode from 'ts-node';

const MODULE = join('tests', 'stack', 'support', 'dashboardRequests.ts');

/** Mirrors CollectorRequest and DashboardRequests of tests/stack/support/dashboardRequests.ts (typed there). */
export type CollectorRequest =
  | { kind: 'metric'; body: QueryRequestBody }
  | { kind: 'callbacks' }
  | { kind: 'annotations'; from: number; to: number };

export interface DashboardRequests {
  file: string;
  uid: string;
  title: string;
  requests: CollectorRequest[];
}

/** The repository root: the first folder above this file's (source or built) that holds the module. */
function repositoryRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, MODULE))) return dir;
  throw new Error(`${MODULE} not found above ${__dirname}`);
}

/** Everything each provisioned dashboard asks the collector for when it opens at `now` (epoch ms), default variables and time range. */
export function provisionedDashboardRequests(now: number): DashboardRequests[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require('ts-node') as typeof TsNode;
  tsNode.register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: {
      module: 'commonjs',
      moduleResolution: 'node',
      target: 'es2022',
      esModuleInterop: true,
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const source = require(join(repositoryRoot(), MODULE)) as {
    provisionedDashboardRequests: (now: number) => DashboardRequests[];
  };
  return source.provisionedDashboardRequests(now);
}
