/** A rule's Gunicorn range against the project's pin: pip installs the highest release the specifier allows. */
import { describe, expect, it } from 'vitest';
import { LATEST_GUNICORN, mayApply, parseRange } from '../../src/check/version.js';

describe('mayApply(rule range, project specifier)', () => {
  it.each([
    // [rule, project, applies]
    ['>=26.0', undefined, true], // not pinned: the latest
    ['>=26.0', '*', true],
    ['>=26.0', '==23.0.0', false],
    ['>=26.0', '==26.0.0', true],
    ['>=26.0', '>=22,<26', false], // highest allowed is 25.x
    ['>=26.0', '~=25.1', false], // <26
    ['>=26.0', '^25.0', false], // Poetry caret: <26
    ['>=26.0', '>=20', true],
    ['>=26.0', '==25.*', false],
    ['<20.0', '==19.9.0', true],
    ['<20.0', '==20.0.0', false],
    ['<20.0', undefined, false],
    ['<20.0', '<20', true], // just below 20
    ['<20.0', '19.9.0', true], // Poetry bare version = exact
    ['>=19.2', '==19.1.1', false],
    ['>=19.2', '==19.2', true],
    ['*', '==0.1', true],
    ['>=26.0', 'a nonsense pin', true], // unreadable: not narrowed
  ])('%s vs %s → %s', (rule, project, want) => {
    expect(mayApply(rule, project)).toBe(want);
  });

  it('knows a latest release, and reads ranges', () => {
    expect(LATEST_GUNICORN).toMatch(/^\d+\.\d+\.\d+$/);
    expect(parseRange('>=22,<26')).toEqual({ lo: { v: [22], incl: true }, hi: { v: [26], incl: false } });
    expect(parseRange('bogus')).toBeUndefined();
  });
});
