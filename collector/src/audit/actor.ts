import { userInfo } from 'node:os';

/** Unnamed admin requests are still recorded, as made with the admin token. */
export const UNNAMED_ADMIN = 'admin token (unnamed)';

const MAX_ACTOR = 100;

/**
 * Who made an admin API request: the `X-Exowatch-Actor` header (a name the caller or a proxy sets),
 * else `X-Grafana-User`, which Grafana's data proxy adds with the signed-in user's login when
 * `[dataproxy] send_user_header = true`. Grafana's data proxy sends one admin token from the data
 * source for every user, so per-person tokens cannot tell users apart; a name header can. It names,
 * it does not authenticate: the admin token does. Control characters are dropped, the length capped.
 */
export function actorOf(headers: Record<string, string | string[] | undefined>): string {
  for (const name of ['x-exowatch-actor', 'x-grafana-user']) {
    const value = headers[name];
    const text = (Array.isArray(value) ? value[0] : value)
      ?.replace(/\p{Cc}/gu, '')
      .trim()
      .slice(0, MAX_ACTOR);
    if (text) return text;
  }
  return UNNAMED_ADMIN;
}

/** Who ran a CLI command: the operating-system user. */
export function cliActor(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
