import type { TemplateSrv } from '@grafana/runtime';

import type { FakeCollector } from './fakeCollector';

/**
 * @grafana/runtime for `jest.mock`, its backend served by the test's fake collector. It takes getters:
 * the mock factory runs while the test module is still importing, before its own variables are set.
 * Import it before the code under test, which loads @grafana/runtime and so runs the factory.
 */
export function fakeRuntime({
  collector,
  templateSrv,
}: {
  collector: () => FakeCollector;
  templateSrv?: () => TemplateSrv;
}) {
  return {
    ...jest.requireActual<object>('@grafana/runtime'),
    getBackendSrv: () => ({ fetch: (req: unknown) => collector().fetch(req as never) }),
    ...(templateSrv && { getTemplateSrv: templateSrv }),
  };
}
