import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeDeep, escapeLine, escapeText, isTerminalSafe } from '../../src/report/escape.js';

describe('escape', () => {
  it.each([
    ['ESC/CSI colour', 'a\u001b[31mred\u001b[0m', 'a\\x1b[31mred\\x1b[0m'],
    ['OSC title', '\u001b]0;pwned\u0007x', '\\x1b]0;pwned\\x07x'],
    ['OSC 8 link', '\u001b]8;;http://evil\u001b\\click', '\\x1b]8;;http://evil\\x1b\\click'],
    ['C1 CSI', 'x\u009b31m', 'x\\x9b31m'],
    ['DEL', 'a\u007fb', 'a\\x7fb'],
    ['NUL and BEL', '\u0000\u0007', '\\x00\\x07'],
    ['bidi override', 'abc\u202Edcba', 'abc\\u202edcba'],
    ['bidi isolate', '\u2066x\u2069', '\\u2066x\\u2069'],
    ['CR', 'ok\rfake', 'ok\\rfake'],
    ['plain unicode untouched', 'héllo — ✓ 日本', 'héllo — ✓ 日本'],
  ])('%s', (_n, input, want) => {
    expect(escapeLine(input)).toBe(want);
  });

  it('escapeLine makes newlines and tabs visible; escapeText keeps them', () => {
    expect(escapeLine('a\nb\tc')).toBe('a\\nb\\tc');
    expect(escapeText('a\nb\tc')).toBe('a\nb\tc');
  });

  it('escapeDeep reaches nested strings', () => {
    expect(escapeDeep({ a: ['\u001b[2J'], b: { c: 'x\u009b' }, n: 3 })).toEqual({
      a: ['\\x1b[2J'],
      b: { c: 'x\\x9b' },
      n: 3,
    });
  });

  it('output never contains a control character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = escapeLine(s);
        expect(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(out)).toBe(false);
        expect(isTerminalSafe(escapeText(s))).toBe(true);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => escapeText(escapeText(s)) === escapeText(s)));
  });
});
