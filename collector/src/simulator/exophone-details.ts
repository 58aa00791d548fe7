import type { ExoPhone } from './account-model';
import type { OutageDirection, OutageSchedule } from './outages';

/**
 * `GET /v2/accounts/<sid>/incoming-phone-numbers/<exophone_sid>` ("Get details of an ExoPhone",
 * https://developer.exotel.com/api/get-details-of-an-exophone; exotel-api.md §4.2): the documented
 * envelope `{request_id, method, http_code, metadata{page_size, page}, response: [{code, error_data,
 * status, data}]}` with `data` holding the fields the documented example shows (`sid`,
 * `date_created`, `date_updated`, `friendly_name`, `account_sid`) and `connectivity` per direction
 * (`status` active|major_outage, `last_check_time`, `alternate_exophone`; the shape the heartbeat docs
 * give each block, exotel-api.md §2 shape B). Times are RFC 3339 in UTC, as in the example.
 */
export interface ExoPhoneDetailsResponse {
  request_id: string;
  method: 'GET';
  http_code: 200;
  metadata: { page_size: 1; page: 0 };
  response: [
    {
      code: 200;
      error_data: null;
      status: 'success';
      data: {
        sid: string;
        date_created: string;
        date_updated: string;
        friendly_name: string;
        account_sid: string;
        connectivity: Record<'incoming_call' | 'outgoing_call', DirectionConnectivity>;
      };
    },
  ];
}

interface DirectionConnectivity {
  status: 'active' | 'major_outage';
  last_check_time: string;
  alternate_exophone: string | null;
}

/** When the simulated numbers were set up: a fixed instant, like the docs' 2018 example. */
const PROVISIONED_AT = '2018-08-22T12:22:49Z';

const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function buildExoPhoneDetails(
  exophone: ExoPhone,
  exophones: readonly ExoPhone[],
  accountSid: string,
  outages: OutageSchedule,
  nowMs: number,
  requestId: string,
): ExoPhoneDetailsResponse {
  const checkedAt = rfc3339(nowMs);
  const direction = (name: OutageDirection): DirectionConnectivity => {
    const down = outages.isDown(exophone, name, nowMs);
    // The suggested alternate: the first other ExoPhone that is up in this direction.
    const alternate = down
      ? exophones.find((other) => other.sid !== exophone.sid && !outages.isDown(other, name, nowMs))
      : undefined;
    return {
      status: down ? 'major_outage' : 'active',
      last_check_time: checkedAt,
      alternate_exophone: alternate?.national ?? null,
    };
  };
  return {
    request_id: requestId,
    method: 'GET',
    http_code: 200,
    metadata: { page_size: 1, page: 0 },
    response: [
      {
        code: 200,
        error_data: null,
        status: 'success',
        data: {
          sid: exophone.sid,
          date_created: PROVISIONED_AT,
          date_updated: PROVISIONED_AT,
          friendly_name: exophone.friendlyName,
          account_sid: accountSid,
          connectivity: { incoming_call: direction('incoming'), outgoing_call: direction('outgoing') },
        },
      },
    ],
  };
}
