import { actorOf, UNNAMED_ADMIN } from './actor';

describe('the actor of an admin request', () => {
  it('is the X-Exowatch-Actor header, else the user Grafana’s data proxy names', () => {
    expect(actorOf({ 'x-exowatch-actor': 'asha@acme.in', 'x-grafana-user': 'admin' })).toBe('asha@acme.in');
    expect(actorOf({ 'x-grafana-user': 'ravi' })).toBe('ravi');
    expect(actorOf({ 'x-exowatch-actor': ['first', 'second'] })).toBe('first');
  });

  it('is recorded as the unnamed admin token when no name is sent', () => {
    expect(actorOf({})).toBe(UNNAMED_ADMIN);
    expect(actorOf({ 'x-exowatch-actor': '  \u0007 ' })).toBe(UNNAMED_ADMIN);
  });

  it('cannot forge log lines or grow without bound', () => {
    expect(actorOf({ 'x-exowatch-actor': 'eve\nadmin' })).toBe('eveadmin');
    expect(actorOf({ 'x-exowatch-actor': 'x'.repeat(500) })).toHaveLength(100);
  });
});
