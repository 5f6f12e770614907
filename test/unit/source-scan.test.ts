/** The grep-level source reader behind test/knowledge.test.ts: where a string literal stands. */
import { describe, expect, it } from 'vitest';
import { comparedLiterals, literalsInCalls, producedLiterals, tokenize } from '../support/source-scan.js';

const values = (ts: { value: string }[]) => ts.map((t) => t.value).sort();

describe('source-scan', () => {
  it('drops comments, keeps strings, survives quotes inside regex literals and templates', () => {
    const src = [
      "// this.add('commented-out', h, 'x')",
      "/* case 'blocked': */",
      'const re = /it\'s a "trap"/g;',
      "const t = `a ${this.has('inside') ? `b ${'deep'}` : 'c'} d`;",
      "const url = 'http://x' // not a comment inside a string",
      'const q = a / b / c;',
    ].join('\n');
    const strs = tokenize(src)
      .filter((t) => t.kind === 'str')
      .map((t) => t.value);
    expect(strs).not.toContain('commented-out');
    expect(strs).not.toContain('blocked');
    expect(strs).toEqual(expect.arrayContaining(['inside', 'deep', 'c', 'http://x']));
    expect(strs.some((s) => s.includes('trap'))).toBe(false);
  });

  it('counts lines', () => {
    const t = tokenize("a\n`x\ny`\n'z'", 'f.ts');
    expect(t.find((x) => x.value === 'z')).toMatchObject({ file: 'f.ts', line: 4 });
  });

  it('finds literals in add() calls, nested expressions included', () => {
    const src = "this.add('a', h, 'why'); this.add(cond ? 'b' : 'c', h, `r ${x}`); set.has('d'); other('e');";
    expect(values(literalsInCalls(tokenize(src), 'add'))).toEqual(['a', 'b', 'c', 'r ', 'why']);
  });

  it('tells produced literals from compared, queried, keys and type unions', () => {
    const src = [
      "type K = 'u1' | 'u2';",
      "function f(): FactId { return 'ret'; }",
      "const x: FactId = c ? 'then' : 'else';",
      "this.setClass('arg', h);",
      "const o = { cls: 'val', 'key': 1 };",
      "if (this.has('read') || h.event === 'cmp' || 'cmp2' !== e) {}",
      "switch (e) { case 'cased': break; }",
      "if (xs.includes('incl')) {}",
    ].join('\n');
    const t = tokenize(src);
    expect(values(producedLiterals(t))).toEqual(['arg', 'else', 'ret', 'then', 'val']);
    expect(values(comparedLiterals(t))).toEqual(['cased', 'cmp', 'cmp2']);
  });
});
