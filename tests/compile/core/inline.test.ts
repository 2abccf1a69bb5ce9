// Cross-layer inlining: a primitive's body exported by its defining module is spliced
// into callers in the layer above, which record what it refers to in .layermake.inlined.
import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ModuleInterface } from '../../../src/graph/moduleInterface.js';
import { compile, errorsOf, run, skipReason, tempDir } from './support.js';

const lower = `
unsigned int IDPTbl[4][8];
static const char *names[] = { "none", "one" };
void set_IDPTE(unsigned int pde, unsigned int vadr, unsigned int perm) {
  if (perm > 7) return;
  IDPTbl[pde][vadr] = (pde << 22) | (vadr << 12) | perm;
}
unsigned int get_IDPTE(unsigned int pde, unsigned int vadr) { return IDPTbl[pde][vadr]; }
const char *name_of(int i) { return names[i]; }
`;
const lowerIface: ModuleInterface = {
  layer: 'MPTIntro', underlay: undefined,
  own: [
    { name: 'set_IDPTE', definedBy: 'MPTIntro', inline: true },
    { name: 'get_IDPTE', definedBy: 'MPTIntro', inline: true },
    { name: 'name_of', definedBy: 'MPTIntro', inline: true },
  ],
  underlayPrimitives: [], unreachable: [],
};

const upper = `
void set_IDPTE(unsigned int pde, unsigned int vadr, unsigned int perm);
unsigned int get_IDPTE(unsigned int pde, unsigned int vadr);
void idpde_init(void) {
  for (unsigned i = 0; i < 4; i++)
    for (unsigned j = 0; j < 8; j++) set_IDPTE(i, j, (i + j) % 9);
}
unsigned int checksum(void) {
  unsigned s = 0;
  idpde_init();
  for (unsigned i = 0; i < 4; i++)
    for (unsigned j = 0; j < 8; j++) s = s * 31 + get_IDPTE(i, j);
  return s;
}
`;
const upperIface: ModuleInterface = {
  layer: 'MPTInit', underlay: 'MPTIntro', own: [{ name: 'idpde_init', definedBy: 'MPTInit' }, { name: 'checksum', definedBy: 'MPTInit' }],
  underlayPrimitives: lowerIface.own, unreachable: [],
};

describe('cross-layer inlining', () => {
  const lowerResult = compile('MPTIntro.c', lower, { iface: lowerIface });

  test('the defining module exports the bodies of inlinable primitives with their references', () => {
    expect(errorsOf(lowerResult)).toBe('');
    const exported = lowerResult.inlineExports.map((b) => [b.name, b.references]);
    expect(exported).toEqual([['set_IDPTE', ['IDPTbl']], ['get_IDPTE', ['IDPTbl']]]);
  });

  test('a body that refers to a file-static symbol is refused with a warning', () => {
    const w = lowerResult.diagnostics.filter((d) => d.severity === 'warning');
    expect(w.map((d) => d.message)).toEqual([
      "'name_of' is not exported for cross-layer inlining: it refers to 'names', which is static to its file",
    ]);
    expect(w[0].location?.line).toBe(9);
  });

  const upperResult = compile('MPTInit.c', upper, { iface: upperIface, inlineBodies: lowerResult.inlineExports });

  test('callers inline the bodies and record (primitive, symbol) pairs', () => {
    expect(errorsOf(upperResult)).toBe('');
    const asm = upperResult.asm!;
    expect(asm).not.toMatch(/call\s+set_IDPTE/);
    expect(asm).not.toMatch(/call\s+get_IDPTE/);
    expect(asm).toContain('\t.section .layermake.inlined,"",@progbits\n\t.ascii "get_IDPTE IDPTbl\\n"\n\t.ascii "set_IDPTE IDPTbl\\n"\n');
    // Deterministic: the same inputs give the same bytes.
    const again = compile('MPTInit.c', upper, { iface: upperIface, inlineBodies: lowerResult.inlineExports });
    expect(again.asm).toBe(asm);
  });

  test('an inlined primitive in a condition compiles at -O1 (it is not a constant)', () => {
    const cond = `
unsigned int get_IDPTE(unsigned int pde, unsigned int vadr);
unsigned int first_empty(void) {
  for (unsigned i = 0; i < 8; i++) if (get_IDPTE(0, i) == 0) return i;
  return 8;
}
`;
    const iface: ModuleInterface = { ...upperIface, own: [{ name: 'first_empty', definedBy: 'MPTInit' }] };
    const result = compile('MPTInit.c', cond, { iface, inlineBodies: lowerResult.inlineExports, optLevel: 1 });
    expect(errorsOf(result)).toBe('');
    expect(result.asm).not.toMatch(/call\s+get_IDPTE/);
  });

  test('without bodies the calls stay calls and no section is written', () => {
    const plain = compile('MPTInit.c', upper, { iface: upperIface });
    expect(plain.asm).toMatch(/call\s+set_IDPTE/);
    expect(plain.asm).not.toContain('.layermake.inlined');
  });

  (skipReason ? test.skip : test)('the inlined program computes what gcc computes', () => {
    const dir = tempDir();
    const main = 'int printf(const char *, ...);\nunsigned int checksum(void);\nint main(void) { printf("%u\\n", checksum()); return 0; }\n';
    const mainResult = compile('main.c', main);
    const files = [['lower.s', lowerResult.asm!], ['upper.s', upperResult.asm!], ['main.s', mainResult.asm!]];
    for (const [n, text] of files) writeFileSync(join(dir, n), text);
    expect(spawnSync('gcc', ['-m32', '-no-pie', '-o', join(dir, 'ours'), ...files.map(([n]) => join(dir, n))]).status).toBe(0);
    writeFileSync(join(dir, 'all.c'), lower + upper + main);
    expect(spawnSync('gcc', ['-m32', '-w', '-no-pie', '-o', join(dir, 'ref'), join(dir, 'all.c')]).status).toBe(0);
    expect(run(join(dir, 'ours'))).toEqual(run(join(dir, 'ref')));
  });
});
