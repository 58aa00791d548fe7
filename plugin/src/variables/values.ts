import type { MetricFindValue } from '@grafana/data';

import type { ExoPhoneInfo, TagKeyInfo, TagValueInfo } from '@exowatch/contract';
import { CALL_DIMENSIONS, CALL_DIRECTIONS, CALL_PERIODS, CALL_STATUSES } from '../constants';

/** Variable and ad hoc values from the collector's list endpoints. */
export function tagKeyValues(keys: readonly TagKeyInfo[]): MetricFindValue[] {
  return keys.map((k) => ({ text: k.key, value: k.key }));
}

export function tagValueValues(values: readonly TagValueInfo[]): MetricFindValue[] {
  return values.map((v) => ({ text: v.value, value: v.value }));
}

/** ExoPhones show their name (and region) but interpolate to the number. */
export function exophoneValues(phones: readonly ExoPhoneInfo[]): MetricFindValue[] {
  return phones.map((p) => {
    const extra = [p.name, p.region].filter((x): x is string => !!x);
    return { text: extra.length > 0 ? `${p.number} (${extra.join(', ')})` : p.number, value: p.number };
  });
}

export function plainValues(values: readonly string[]): MetricFindValue[] {
  return values.map((v) => ({ text: v, value: v }));
}

/** Ad hoc filter keys: the built-in call dimensions first, then every tag key. */
export function adhocKeys(keys: readonly TagKeyInfo[]): MetricFindValue[] {
  return [...plainValues([...CALL_DIMENSIONS, 'status']), ...tagKeyValues(keys)];
}

/** Values of a built-in dimension that need no lookup, or null when the collector must be asked. */
export function fixedValues(key: string): MetricFindValue[] | null {
  switch (key) {
    case 'direction':
      return plainValues(CALL_DIRECTIONS);
    case 'status':
      return plainValues(CALL_STATUSES);
    case 'period':
      return plainValues(CALL_PERIODS);
    default:
      return null;
  }
}
