// Each check on the layer graph, with a tower that fails it (the exact message and
// place) and the smallest change that makes it pass.
import { describe, expect, test } from '@jest/globals';
import { errors, loadText, SOURCES } from './memoryFs.js';

/** A Layerfile from layer lines; every layer gets module a.c unless it composes. */
function tower(layers: string, extra = ''): string {
  return `layers:\n${layers}${extra}`;
}

function check(text: string, files: Record<string, string> = {}): string[] {
  return errors(loadText(text, { ...SOURCES, ...files }));
}

const BOOT = `  Boot:
    modules: [a.c]
    provides: { fresh: [fload, fstore] }
`;

describe('unknown underlay', () => {
  const text = (underlay: string) => tower(BOOT + `  Mem:\n    underlay: ${underlay}\n    modules: [b.c]\n`);
  test('fails, suggesting the nearest layer', () => {
    expect(check(text('Bot'))).toEqual(["Layerfile:6:15: layer 'Mem' sits on unknown layer `Bot`; did you mean `Boot`?"]);
  });
  test('passes', () => expect(check(text('Boot'))).toEqual([]));
});

describe('cycles', () => {
  const text = (bottomUnderlay: string) =>
    tower(
      `  A:\n    underlay: ${bottomUnderlay}\n    modules: [a.c]\n` +
        `  B:\n    underlay: A\n    modules: [b.c]\n` +
        `  C:\n    underlay: B\n    modules: [c.c]\n`,
    );
  test('fails, naming every layer on the cycle in order', () => {
    expect(check(text('C'))).toEqual(['Layerfile:3:15: layers form a cycle: A → C → B → A (each sits on the next)']);
  });
  test('a layer on itself', () => {
    expect(check(tower(`  A:\n    underlay: A\n    modules: [a.c]\n`))).toEqual(["Layerfile:3:15: layer 'A' sits on itself"]);
  });
  test('passes', () => {
    expect(check(tower(`  A:\n    modules: [a.c]\n  B:\n    underlay: A\n    modules: [b.c]\n  C:\n    underlay: B\n    modules: [c.c]\n`))).toEqual([]);
  });
});

describe('pass-through not provided by the underlay', () => {
  // fload is defined by Boot; Mem must pass it through for Top to pass it on.
  const text = (memPasses: string) =>
    tower(
      BOOT +
        `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [palloc], passthrough: [${memPasses}] }\n` +
        `  Proc:\n    underlay: Mem\n    modules: [c.c]\n    provides: { fresh: [spawn] }\n` +
        `  Top:\n    underlay: Proc\n    modules: [d.c]\n    provides: { passthrough: [fload] }\n`,
    );
  test('fails, saying where it lives and who would have to pass it through', () => {
    expect(check(text(''))).toEqual([
      "Layerfile:16:31: layer 'Top' passes through `fload`, but its underlay 'Proc' does not provide it: `fload` is defined by 'Boot', so 'Mem' and 'Proc' would have to pass it through as well",
    ]);
  });
  test('names only the layers that do not pass it yet', () => {
    expect(check(text('fload'))).toEqual([
      "Layerfile:16:31: layer 'Top' passes through `fload`, but its underlay 'Proc' does not provide it: `fload` is defined by 'Boot', so 'Proc' would have to pass it through as well",
    ]);
  });
  test('passes when every layer in between passes it through', () => {
    expect(check(text('fload').replace('fresh: [spawn] }', 'fresh: [spawn], passthrough: [fload] }'))).toEqual([]);
  });
  test('a primitive defined above the layer', () => {
    const above = tower(BOOT + `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [palloc] }\n`).replace('fresh: [fload, fstore] }', 'fresh: [fload, fstore], passthrough: [palloc] }');
    expect(check(above)).toEqual([
      "Layerfile:4:55: layer 'Boot' passes through `palloc`, but it is a bottom layer: it has no underlay to take it from (`palloc` is defined by 'Mem')",
    ]);
  });
  test('a primitive no layer defines, with a suggestion', () => {
    const none = tower(BOOT + `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { passthrough: [fstor] }\n`);
    expect(check(none)).toEqual(["Layerfile:8:31: layer 'Mem' passes through `fstor`, but its underlay 'Boot' does not provide it, and no layer defines it; did you mean `fstore`?"]);
  });
  test('a primitive of another branch of the tower', () => {
    const branch = tower(
      BOOT +
        `  Left:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [left] }\n` +
        `  Right:\n    underlay: Boot\n    modules: [c.c]\n    provides: { passthrough: [left] }\n`,
    );
    expect(check(branch)).toEqual([
      "Layerfile:12:31: layer 'Right' passes through `left`, but its underlay 'Boot' does not provide it: `left` is defined by 'Left', which is not below it; a layer can only pass on what comes from below",
    ]);
  });
});

describe('horizontal composition', () => {
  const parts = (bPrimitives: string, bUnderlay = 'Boot') =>
    tower(
      BOOT +
        `  Mid:\n    underlay: Boot\n    modules: [d.c]\n` +
        `  PartA:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [a_op], passthrough: [fload] }\n` +
        `  PartB:\n    underlay: ${bUnderlay}\n    modules: [c.c]\n    provides: { ${bPrimitives} }\n` +
        `  Both:\n    compose: [PartA, PartB]\n` +
        `  Top:\n    underlay: Both\n    modules: [a.c]\n`,
    );
  test('duplicates between parts fail, at the second', () => {
    expect(check(parts('fresh: [b_op], passthrough: [fload]'))).toEqual([
      "Layerfile:15:46: horizontal composition 'Both' has `fload` in two parts, 'PartA' and 'PartB': the primitives of its parts must be disjoint",
    ]);
  });
  test('a primitive defined by two parts fails once, as a composition problem', () => {
    expect(check(parts('fresh: [a_op]'))).toEqual([
      "Layerfile:15:25: horizontal composition 'Both' has `a_op` in two parts, 'PartA' and 'PartB': the primitives of its parts must be disjoint",
    ]);
  });
  test('parts over different underlays fail', () => {
    expect(check(parts('fresh: [b_op]', 'Mid'))).toEqual([
      "Layerfile:16:3: the parts of horizontal composition 'Both' sit on different underlays: 'PartA' on 'Boot', 'PartB' on 'Mid'; parts must share one underlay",
    ]);
  });
  test('disjoint parts over one underlay pass, and the layer above sees their union', () => {
    const result = loadText(parts('fresh: [b_op], passthrough: [fstore]'), SOURCES);
    expect(errors(result)).toEqual([]);
    const iface = result.graph!.moduleInterface('Top');
    expect(iface.underlay).toBe('Both');
    expect(iface.underlayPrimitives.map((p) => `${p.name}@${p.definedBy}`).sort()).toEqual(['a_op@PartA', 'b_op@PartB', 'fload@Boot', 'fstore@Boot']);
  });
  test('an unknown part, a repeated part and a nested composition fail', () => {
    const bad = parts('fresh: [b_op]').replace('compose: [PartA, PartB]', 'compose: [PartA, PartB, PartB, Prt, Both]');
    expect(check(bad)).toEqual([
      "Layerfile:17:29: layer 'PartB' appears twice in horizontal composition 'Both'",
      "Layerfile:17:36: horizontal composition 'Both' lists unknown layer `Prt`; did you mean `PartA`?",
      "Layerfile:17:41: horizontal composition 'Both' cannot list itself",
    ]);
  });
});

describe('two layers defining the same primitive', () => {
  const text = (memFresh: string) => tower(BOOT + `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [${memFresh}] }\n`);
  test('fails, pointing at both', () => {
    const result = loadText(text('palloc, fload'), SOURCES);
    expect(errors(result)).toEqual([
      "Layerfile:8:33: primitive `fload` is defined by two layers, 'Boot' and 'Mem': a primitive has one defining layer, and the layers above it pass it through",
    ]);
    expect(result.diagnostics[0].notes?.[0].location).toEqual({ file: 'Layerfile', line: 4, col: 25 });
  });
  test('passes', () => expect(check(text('palloc'))).toEqual([]));
  test('a primitive listed twice in one layer', () => {
    expect(check(text('palloc, palloc'))).toEqual(["Layerfile:8:33: primitive `palloc` is listed twice in layer 'Mem'"]);
  });
});

describe('images', () => {
  const text = (top: string, underlay = 'Boot', programs = '') =>
    tower(BOOT + `  Mem:\n    underlay: ${underlay}\n    modules: [b.c]\n`, `images:\n  k:\n    top: ${top}\n    entry: start\n${programs}`);
  test('a broken stack fails at the image too', () => {
    expect(check(text('Mem', 'Boo'))).toEqual([
      "Layerfile:6:15: layer 'Mem' sits on unknown layer `Boo`; did you mean `Boot`?",
      "Layerfile:10:10: image 'k' has a broken stack: layer 'Mem' sits on unknown layer 'Boo'",
    ]);
  });
  test('a stack through a cycle fails', () => {
    const cyclic = text('Mem').replace('    modules: [a.c]\n', '    underlay: Mem\n    modules: [a.c]\n');
    expect(check(cyclic)).toEqual([
      'Layerfile:3:15: layers form a cycle: Boot → Mem → Boot (each sits on the next)',
      "Layerfile:11:10: image 'k' has a broken stack: its layers form a cycle through 'Mem'",
    ]);
  });
  test('an unknown top layer and program fail', () => {
    expect(check(text('Me', 'Boot', '    programs: [init]\n'))).toEqual([
      "Layerfile:10:10: image 'k' has unknown top layer `Me`; did you mean `Mem`?",
      "Layerfile:12:16: image 'k' embeds unknown program `init`",
    ]);
  });
  test('passes', () => expect(check(text('Mem'))).toEqual([]));
});

describe('prototypes that disagree between definer and pass-through', () => {
  const files = (memProto: string) => ({
    'boot.h': '#ifndef BOOT_H\n#define BOOT_H\nunsigned int fload(unsigned int addr);\nvoid fstore(unsigned int addr, unsigned int value);\n#endif\n',
    'mem.h': `/* Mem re-exports fload */\n${memProto}\nvoid palloc(void);\n`,
  });
  const text = tower(
    `  Boot:\n    modules: [a.c]\n    export: boot.h\n    provides: { fresh: [fload, fstore] }\n` +
      `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    export: mem.h\n    provides: { fresh: [palloc], passthrough: [fload] }\n`,
  );
  test('fails, naming both declarations', () => {
    const result = loadText(text, { ...SOURCES, ...files('int fload(unsigned int addr);') });
    expect(errors(result)).toEqual([
      "mem.h:2:5: layer 'Mem' declares `fload` as `int fload(unsigned int addr)`, but 'Boot', which defines it, declares `unsigned int fload(unsigned int addr)`",
    ]);
    expect(result.diagnostics[0].notes?.[0].location).toEqual({ file: 'boot.h', line: 3, col: 14 });
  });
  test('passes when they agree up to parameter names and spelling', () => {
    expect(errors(loadText(text, { ...SOURCES, ...files('extern unsigned fload(unsigned a);') }))).toEqual([]);
  });
  test('a pass-through prototype written in the Layerfile is checked too', () => {
    const written = text.replace('passthrough: [fload]', 'passthrough: [{ name: fload, prototype: "void fload(void)" }]');
    expect(errors(loadText(written, { ...SOURCES, ...files('') }))).toEqual([
      "Layerfile:10:74: layer 'Mem' declares `fload` as `void fload(void)`, but 'Boot', which defines it, declares `unsigned int fload(unsigned int addr)`",
    ]);
  });
});

describe('import.h is a subset of the underlay interface', () => {
  const text = tower(
    BOOT +
      `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [palloc] }\n` +
      `  Top:\n    underlay: Mem\n    modules: [c.c]\n    import: import.h\n`,
  );
  test('fails for a primitive two layers down', () => {
    expect(check(text, { 'import.h': 'void palloc(void);\nvoid fstore(unsigned a, unsigned v);\n' })).toEqual([
      "import.h:2:6: import header of layer 'Top' declares `fstore`, but its underlay 'Mem' does not provide it: it is defined by 'Boot', so 'Mem' would have to pass it through",
    ]);
  });
  test('passes', () => expect(check(text, { 'import.h': 'void palloc(void);\n' })).toEqual([]));
});

describe('missing module files', () => {
  const text = (module: string) => tower(`  Boot:\n    dir: boot\n    modules: [${module}]\n`);
  test('fails, naming the file looked for', () => {
    expect(check(text('entry.S'), { 'boot/start.S': '' })).toEqual(["Layerfile:4:15: module `entry.S` of layer 'Boot' does not exist: no file boot/entry.S"]);
  });
  test('passes', () => expect(check(text('start.S'), { 'boot/start.S': '' })).toEqual([]));
});

describe('independent towers in one project', () => {
  // Two kernels side by side (the demo tower and mCertiKOS) may both have `outb`.
  const text = (secondUnderlay: string) =>
    tower(
      BOOT +
        `  Mem:\n    underlay: Boot\n    modules: [b.c]\n    provides: { fresh: [palloc], passthrough: [fload] }\n` +
        `  Other:\n${secondUnderlay}    modules: [c.c]\n    provides: { fresh: [fload, palloc] }\n` +
        `  OtherTop:\n    underlay: Other\n    modules: [d.c]\n    provides: { passthrough: [fload] }\n`,
    );
  test('may reuse primitive names; each layer sees its own tower only', () => {
    const result = loadText(text(''), SOURCES);
    expect(errors(result)).toEqual([]);
    const iface = result.graph!.moduleInterface('OtherTop');
    expect(iface.underlayPrimitives.map((p) => `${p.name}@${p.definedBy}`)).toEqual(['fload@Other', 'palloc@Other']);
    expect(iface.unreachable).toEqual([]);
    expect(result.graph!.moduleInterface('Mem').underlayPrimitives.map((p) => `${p.name}@${p.definedBy}`)).toEqual(['fload@Boot', 'fstore@Boot']);
  });
  test('but not once one stands on the other', () => {
    expect(check(text('    underlay: Mem\n'))).toEqual([
      "Layerfile:12:25: primitive `fload` is defined by two layers, 'Boot' and 'Other': a primitive has one defining layer, and the layers above it pass it through",
      "Layerfile:12:32: primitive `palloc` is defined by two layers, 'Mem' and 'Other': a primitive has one defining layer, and the layers above it pass it through",
    ]);
  });
});

describe('warnings: the project loads, with a note of what looks unfinished', () => {
  const warnings = (text: string, files: Record<string, string> = {}) =>
    loadText(text, { ...SOURCES, ...files })
      .diagnostics.filter((d) => d.severity === 'warning')
      .map((d) => `${d.location?.file}:${d.location?.line}:${d.location?.col}: ${d.message}`);

  test('a fresh primitive export.h does not declare', () => {
    const text = tower(`  Boot:\n    modules: [a.c]\n    export: boot.h\n    provides: { fresh: [fload, fstore] }\n`);
    expect(warnings(text, { 'boot.h': 'void fload(void);\n' })).toEqual(["Layerfile:5:32: boot.h declares no prototype for `fstore`, a fresh primitive of layer 'Boot'"]);
    expect(warnings(text, { 'boot.h': 'void fload(void);\nvoid fstore(unsigned a, unsigned v);\n' })).toEqual([]);
  });

  test('a test no image can host, and a missing include directory', () => {
    const text = tower(`  Boot:\n    modules: [a.c]\n    test: b.c\n    include: [inc]\n`);
    expect(warnings(text)).toEqual([
      'Layerfile:5:15: include directory `inc` does not exist',
      "Layerfile:4:11: layer 'Boot' has a test, but no image's stack contains 'Boot', so there is no test image to take its settings from",
    ]);
    expect(warnings(text + 'images:\n  k: { top: Boot, entry: start }\n', { 'inc/x.h': '' })).toEqual([]);
  });
});
