import React, { useCallback, useEffect, useState } from 'react';
import { Alert } from '@grafana/ui';
import { CollectorError } from './CollectorError';

/**
 * What the admin pages (tags, calendars) share: the collector's data loaded on mount and again on
 * `reload()`, a load or action error, and a notice of the last change saved. A reply that comes back
 * after the page was left or reloaded again is dropped. `load` and `describeFailure` should be stable
 * (module-level) functions: a new one loads again.
 */
export function useAdminData<Api, T>(
  api: Api,
  load: (api: Api) => Promise<T>,
  describeFailure: (e: unknown) => string
) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    let live = true;
    load(api)
      .then((loaded) => {
        if (live) {
          setData(loaded);
          setError(undefined);
        }
      })
      .catch((e) => live && setError(describeFailure(e)));
    return () => {
      live = false;
    };
  }, [api, load, describeFailure, generation]);
  return { data, error, setError, notice, setNotice, reload };
}

/** The error and success banners at the top of an admin page, each dismissible. */
export function AdminMessages({
  error,
  notice,
  setError,
  setNotice,
}: Pick<ReturnType<typeof useAdminData>, 'error' | 'notice' | 'setError' | 'setNotice'>) {
  return (
    <>
      <CollectorError error={error} onRemove={() => setError(undefined)} />
      {notice && <Alert severity="success" title={notice} onRemove={() => setNotice(undefined)} />}
    </>
  );
}
