export { createExoPhoneHealthService } from './healthService';
export type { ExoPhoneHealthService, ExoPhoneHealthServiceOptions } from './healthService';
export { upsertExoPhones, readExoPhones } from '../store/exophones';
export type { ExoPhoneListItem, StoredExoPhone } from '../store/exophones';
