import type { CalendarRules } from '@exowatch/contract';
import type { ExotelCall } from '../exotel/types';
import type { AccountModel } from './account-model';
import { buildAccountModel } from './account-model';
import type { Position } from './call-query';
import { CallQueries } from './call-query';
import { simulatedBusinessCalendar } from './business-hours';
import { CallRenderer, isVisible } from './call-view';
import { LocalTime } from './local-time';
import type { ResolvedSimulatorOptions } from './options';
import { SilentOutages } from './silent-outage';
import { TrafficModel } from './traffic';

export type AccountSettings = Pick<
  ResolvedSimulatorOptions,
  | 'seed'
  | 'accountSid'
  | 'timeZone'
  | 'callsPerDay'
  | 'exophones'
  | 'teams'
  | 'agentsPerTeam'
  | 'settleDelaySeconds'
  | 'provisionalStatusFraction'
  | 'silentOutages'
>;

/**
 * The fake account with no I/O: its static model, its traffic and the queries over it. Everything here
 * is a pure function of the settings and the `now` passed in.
 */
export class SimulatedAccount {
  readonly accountSid: string;
  readonly model: AccountModel;
  readonly localTime: LocalTime;
  readonly traffic: TrafficModel;
  /** The opening hours the traffic follows, as a business calendar. */
  readonly businessHours: CalendarRules;
  /** The weekly silent ExoPhone outage (null when switched off). */
  readonly silentOutages: SilentOutages | null;
  readonly queries: CallQueries;
  readonly renderer: CallRenderer;

  constructor(settings: AccountSettings) {
    this.accountSid = settings.accountSid;
    this.localTime = new LocalTime(settings.timeZone);
    this.businessHours = simulatedBusinessCalendar(settings.timeZone);
    this.model = buildAccountModel({
      seed: settings.seed,
      exophoneCount: settings.exophones,
      teamCount: settings.teams,
      agentsPerTeam: settings.agentsPerTeam,
    });
    const silent =
      settings.silentOutages && this.model.exophones.length >= 2
        ? new SilentOutages(this.model, this.localTime)
        : null;
    this.silentOutages = silent;
    this.traffic = new TrafficModel(
      this.model,
      this.localTime,
      {
        callsPerDay: settings.callsPerDay,
        settleDelaySeconds: settings.settleDelaySeconds,
        provisionalStatusFraction: settings.provisionalStatusFraction,
      },
      silent ? (atMs) => silent.silentAt(atMs) : undefined,
    );
    this.queries = new CallQueries(this.traffic, settings.settleDelaySeconds.max * 1000);
    this.renderer = new CallRenderer(settings.accountSid, this.localTime);
  }

  /**
   * The call as the API shows it at `now` (with `Details` when `details`), or null when there is no such
   * call or it has not ended yet.
   */
  callAsOf(sid: string, now: number, details: boolean): ExotelCall | null {
    const call = this.traffic.findCall(sid.toLowerCase());
    return call && isVisible(call, now) ? this.renderer.render(call, now, details) : null;
  }

  /** The call a cursor points at (the last call of the page before it), as shown at `now`. */
  callAtCursor(position: Position, now: number, details: boolean): ExotelCall | null {
    const call = this.callAsOf(position.sid, now, details);
    return call && this.traffic.findCall(position.sid)?.createdMs === position.createdMs ? call : null;
  }
}
