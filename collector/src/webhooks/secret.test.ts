import { secretMatches } from './secret';

describe('secretMatches', () => {
  it('accepts only the exact secret, whatever the length of the guess', () => {
    expect(secretMatches('correct-horse-battery', 'correct-horse-battery')).toBe(true);
    expect(secretMatches('correct-horse-batterx', 'correct-horse-battery')).toBe(false);
    expect(secretMatches('', 'correct-horse-battery')).toBe(false);
    expect(secretMatches('correct-horse-battery-staple', 'correct-horse-battery')).toBe(false);
  });
});
