// Layer discipline: calls outside the module's interface and prototypes that disagree
// with the layer graph's are compile errors that say where things live.
import { describe, expect, test } from '@jest/globals';
import type { ModuleInterface } from '../../../src/graph/moduleInterface.js';
import { compile, errorsOf } from './support.js';

const iface: ModuleInterface = {
  layer: 'MPTOp',
  underlay: 'MPTIntro',
  own: [{ name: 'pt_read', definedBy: 'MPTOp', prototype: 'unsigned int pt_read(unsigned int pid, unsigned int vaddr)' }],
  underlayPrimitives: [
    {
      name: 'get_PTE', definedBy: 'MPTIntro', prototype: 'unsigned int get_PTE(unsigned int pid, unsigned int pde, unsigned int pte)',
      declaredAt: { file: 'kernels/MPTIntro/export.h', line: 3, col: 1 },
    },
    { name: 'set_PDE', definedBy: 'MPTIntro', prototype: 'void set_PDE(unsigned int pid, unsigned int pde)' },
  ],
  unreachable: [
    { name: 'palloc', definedBy: 'MALOp', mustPassThrough: ['MPTIntro'], above: false },
    { name: 'thread_yield', definedBy: 'PThread', mustPassThrough: [], above: true },
  ],
};

function build(text: string) {
  return compile('MPTOp.c', text, { iface });
}

describe('layer discipline', () => {
  test('calls to the own layer and the immediate underlay are allowed', () => {
    const r = build(`
      unsigned int get_PTE(unsigned int pid, unsigned int pde, unsigned int pte);
      void set_PDE(unsigned int pid, unsigned int pde);
      static unsigned helper(unsigned x) { return x >> 22; }
      unsigned int pt_read(unsigned int pid, unsigned int vaddr) {
        set_PDE(pid, helper(vaddr));
        return get_PTE(pid, helper(vaddr), (vaddr >> 12) & 1023);
      }`);
    expect(errorsOf(r)).toBe('');
    expect(r.asm).toContain('call get_PTE');
  });

  test('a primitive two layers down names its layer and who must pass it through', () => {
    const r = build(`unsigned palloc(unsigned);\nunsigned int pt_read(unsigned int pid, unsigned int vaddr) {\n  return palloc(pid);\n}\n`);
    expect(r.asm).toBeUndefined();
    expect(errorsOf(r)).toBe(
      "MPTOp.c:3:10: error: call to 'palloc' is not allowed here: 'palloc' is a primitive of layer 'MALOp', not of layer 'MPTOp' or its underlay 'MPTIntro'; to call it, 'MPTIntro' would have to pass it through\n" +
      ' 3 |   return palloc(pid);\n' +
      '   |          ^~~~~~',
    );
  });

  test('a call into a higher layer is a callback and never allowed, nor is taking its address', () => {
    const r = build(`void thread_yield(void);\nvoid (*f)(void) = thread_yield;\nvoid g(void) { thread_yield(); }\n`);
    const errs = errorsOf(r);
    expect(errs).toContain("MPTOp.c:2:19: error: use of 'thread_yield' is not allowed here: 'thread_yield' is a primitive of layer 'PThread', above layer 'MPTOp': a call into a higher layer (a callback) is never allowed");
  });

  test('a function that is no primitive anywhere is left to the linker, which sees the whole layer', () => {
    // It may be a private function of another module of this layer (an asm helper, say).
    const r = build('void layer_private_helper(void);\nvoid f(void) { layer_private_helper(); }\n');
    expect(errorsOf(r)).toBe('');
    expect(r.asm).toMatch(/call\s+layer_private_helper/);
  });

  test('an extern declaration that disagrees with the underlay prototype names both places', () => {
    const r = build('int get_PTE(unsigned int pid, unsigned int pde);\n');
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.message).toBe("declaration of 'get_PTE' as 'int get_PTE(unsigned int, unsigned int)' disagrees with layer 'MPTIntro', which declares it 'unsigned int get_PTE(unsigned int pid, unsigned int pde, unsigned int pte)'");
    expect(d.location).toEqual({ file: 'MPTOp.c', line: 1, col: 5 });
    expect(d.notes?.[0].location).toEqual({ file: 'kernels/MPTIntro/export.h', line: 3, col: 1 });
  });

  test('an unused static inline helper (e.g. from a header) is not code, so it breaks no rule', () => {
    const r = build('void palloc(void);\nstatic inline void unused(void) { palloc(); }\nstatic void only_from_unused(void) { palloc(); }\n');
    expect(errorsOf(r)).toBe('');
    expect(r.asm).not.toContain('unused');
  });

  test('without an interface the same code compiles (single-file use)', () => {
    const r = compile('x.c', 'unsigned palloc(unsigned);\nunsigned f(void) { return palloc(1); }\n');
    expect(errorsOf(r)).toBe('');
  });
});
