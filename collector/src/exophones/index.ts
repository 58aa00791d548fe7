export { createExoPhoneHealthService } from './healthService';
export type { ExoPhoneHealthService, ExoPhoneHealthServiceOptions } from './healthService';
export { upsertExoPhones, readExoPhones } from './store';
export type { StoredExoPhone } from './store';
