import type { ExotelCall } from '../exotel/types';

/** A time window of the Bulk Call Details API (both ends inclusive, as Exotel's gte/lte). */
export interface CallWindow {
  from: Date;
  to: Date;
}

export interface CallPage {
  calls: ExotelCall[];
  /** Where the next page is read from; null when this was the last page of the window. */
  nextCursor: string | null;
  total?: number;
}

/** What the sync needs from the Exotel client: pages of a window, resumable at a cursor. */
export interface CallSource {
  callPages(
    window: CallWindow,
    options?: { startCursor?: string | null; details?: boolean },
  ): AsyncIterable<CallPage>;
}
