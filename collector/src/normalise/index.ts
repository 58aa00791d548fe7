export { normaliseCall, normaliseCalls } from './call';
export type { NormaliseOptions, NormalisedBatch, RejectedCall } from './call';
export { parseDecimal, parseSeconds } from './amounts';
export { NormaliseError } from './errors';
export { normalisePhone } from './phone';
export type { NormalisedPhone } from './phone';
export { parseLocalTime } from './time';
export type { CallRecord } from './types';
