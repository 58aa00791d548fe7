export { createExoPhoneHealthService } from './healthService';
export type { ExoPhoneHealthService, ExoPhoneHealthServiceOptions } from './healthService';
export { upsertExoPhones, readExoPhones } from '../store/exophones';
export type { StoredExoPhone } from '../store/exophones';
