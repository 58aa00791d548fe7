import { callbacksFamily } from '../callbacks/family';
import { callsFamily } from '../calls/family';
import { FamilyRegistry } from '../engine/registry';
import { healthFamily } from '../health/family';
import { expectedTrafficFamily, type ExpectedTrafficOptions } from '../traffic/family';

/** What the built-in families read besides the call and health tables. */
export type QueryContext = ExpectedTrafficOptions;

/** The built-in metric families, in catalogue order: the one place a new family is added. */
export function builtinFamilies(context: QueryContext = {}): FamilyRegistry {
  return new FamilyRegistry([callsFamily, callbacksFamily, expectedTrafficFamily(context), healthFamily]);
}
