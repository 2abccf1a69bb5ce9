// Malformed Layerfiles, each with the one error it must produce: the exact
// message at the exact file:line:col.
import { VALID } from './memoryFs.js';

export interface MalformedCase {
  name: string;
  text: string;
  files?: Record<string, string>;
  /** "file:line:col: message" of the first error. */
  error: string;
}

const edit = (from: string, to: string) => {
  if (!VALID.includes(from)) throw new Error(`VALID has no ${JSON.stringify(from)}`);
  return VALID.replace(from, to);
};

export const CASES: MalformedCase[] = [
  {
    name: 'unknown top-level key',
    text: VALID.replace('layers:', 'layer:'),
    error: "Layerfile:2:1: unknown key `layer` at the top of the Layerfile; did you mean `layers`? (allowed: version, include, defaults, layers, programs, images, default-image)",
  },
  {
    name: 'misspelt underlay',
    text: edit('    underlay: Boot', '    underlya: Boot'),
    error: "Layerfile:8:5: unknown key `underlya` in layer 'Mem'; did you mean `underlay`? (allowed: description, underlay, dir, modules, export, import, test, test-expect, provides, cflags, include, compose)",
  },
  {
    name: 'unknown layer key far from any',
    text: edit('    modules: [mem.c]', '    modules: [mem.c]\n    sources: [x.c]'),
    error: "Layerfile:10:5: unknown key `sources` in layer 'Mem' (allowed: description, underlay, dir, modules, export, import, test, test-expect, provides, cflags, include, compose)",
  },
  {
    name: 'wrong version',
    text: VALID.replace('version: 1', 'version: 2'),
    error: "Layerfile:1:10: `version` must be 1, not 2",
  },
  {
    name: 'duplicate key in a layer',
    text: edit('    modules: [mem.c]', '    modules: [mem.c]\n    modules: [boot.c]'),
    error: "Layerfile:10:5: duplicate key `modules`",
  },
  {
    name: 'duplicate layer name',
    text: edit('  Top:', '  Mem:'),
    error: "Layerfile:13:3: duplicate key `Mem`",
  },
  {
    name: 'layer name not an identifier',
    text: edit('  Top:', '  2Top:'),
    error: "Layerfile:13:3: \"2Top\" is not a valid layer name: expected a C identifier (letters, digits and _, not starting with a digit)",
  },
  {
    name: 'underlay is a list',
    text: edit('underlay: Mem', 'underlay: [Mem]'),
    error: "Layerfile:14:15: `underlay` of layer 'Top' must be a string, not a list",
  },
  {
    name: 'modules is a string',
    text: edit('modules: [top.c]', 'modules: top.c'),
    error: "Layerfile:15:14: `modules` of layer 'Top' must be a list, not the string \"top.c\"",
  },
  {
    name: 'module is not C or assembly',
    text: edit('modules: [top.c]', 'modules: [top.cpp]'),
    error: "Layerfile:15:15: `modules[0]` of layer 'Top' is \"top.cpp\": expected a C (.c) or assembly (.S, .s) source file",
  },
  {
    name: 'primitive name not an identifier',
    text: edit('fresh: [palloc]', 'fresh: [p-alloc]'),
    error: "Layerfile:11:15: `provides.fresh[0]` of layer 'Mem' is \"p-alloc\": expected a C identifier (letters, digits and _, not starting with a digit)",
  },
  {
    name: 'primitive mapping without name',
    text: edit('fresh: [palloc]', 'fresh: [{ prototype: "void palloc(void)" }]'),
    error: "Layerfile:11:15: `provides.fresh[0]` of layer 'Mem' needs `name`: the primitive's C name",
  },
  {
    name: 'primitive mapping with misspelt key',
    text: edit('fresh: [palloc]', 'fresh: [{ name: palloc, inlne: true }]'),
    error: "Layerfile:11:31: unknown key `inlne` in `provides.fresh[0]` of layer 'Mem'; did you mean `inline`? (allowed: name, prototype, inline)",
  },
  {
    name: 'primitive is a number',
    text: edit('fresh: [palloc]', 'fresh: [42]'),
    error: "Layerfile:11:15: `provides.fresh[0]` of layer 'Mem' must be a primitive name or a mapping with `name`, not the number 42",
  },
  {
    name: 'inline is not a boolean',
    text: edit('fresh: [palloc]', 'fresh: [{ name: palloc, inline: yes }]'),
    error: "Layerfile:11:39: `provides.fresh[0].inline` of layer 'Mem' must be true or false, not the string \"yes\"",
  },
  {
    name: 'image without entry',
    text: VALID.replace('    entry: start\n', ''),
    error: "Layerfile:19:3: image 'k' needs `entry`: the ELF entry symbol (the multiboot entry)",
  },
  {
    name: 'image without top',
    text: VALID.replace('    top: Top\n', ''),
    error: "Layerfile:19:3: image 'k' needs `top`: the top layer; the stack is its underlay chain down to the bottom layer",
  },
  {
    name: 'memory size with a bad unit',
    text: VALID + '    memory: 128MB\n',
    error: "Layerfile:22:13: `memory` of image 'k' is \"128MB\": expected a size in bytes or with K, M or G (e.g. 128M)",
  },
  {
    name: 'load address beyond 4G',
    text: VALID + '    load-address: 0x100000000\n',
    error: "Layerfile:22:19: `load-address` of image 'k' must be <= 4294967295, not 4294967296",
  },
  {
    name: 'boot without expect',
    text: VALID + '    boot:\n      timeout: 5\n',
    error: "Layerfile:22:5: `boot` of image 'k' needs `expect`: regular expression the serial output must match",
  },
  {
    name: 'boot timeout zero',
    text: VALID + '    boot:\n      expect: ok\n      timeout: 0\n',
    error: "Layerfile:24:16: `boot.timeout` of image 'k' must be > 0, not 0",
  },
  {
    name: 'composition of one layer',
    text: VALID.replace('images:', '  Solo:\n    compose: [Top]\nimages:'),
    error: "Layerfile:19:14: `compose` of layer 'Solo' must list at least 2 entries",
  },
  {
    name: 'include is not a list',
    text: 'include: other/Layerfile\n' + VALID,
    error: "Layerfile:1:10: `include` must be a list, not the string \"other/Layerfile\"",
  },
  {
    name: 'unclosed flow sequence',
    text: edit('modules: [top.c]', 'modules: [top.c'),
    error: "Layerfile:15:14: this `[` is never closed: expected `]` before the next key",
  },
  {
    name: 'tab indentation',
    text: edit('    entry: start', '\tentry: start'),
    error: "Layerfile:21:1: tabs are not allowed as indentation",
  },
  {
    name: 'unclosed quote',
    text: VALID + '    description: "the kernel\n',
    error: "Layerfile:22:18: this double quote is never closed",
  },
  {
    name: 'empty file',
    text: '# nothing yet\n',
    error: "Layerfile:1:1: the Layerfile is empty: expected a mapping with `layers` (and `images`, `include`, \u2026)",
  },
  {
    name: 'a list instead of a mapping',
    text: '- Boot\n- Mem\n',
    error: "Layerfile:1:1: the Layerfile must be a mapping with `layers` (and `images`, `include`, \u2026), not a list",
  },
  {
    name: 'alias without anchor',
    text: edit('modules: [top.c]', 'modules: *sources'),
    error: "Layerfile:15:14: unknown anchor `sources` (an anchor must be defined with &sources before it is used)",
  },
  {
    name: 'path leaving the project root',
    text: edit('modules: [top.c]', 'modules: [../top.c]'),
    error: "Layerfile:15:15: path `../top.c` leaves the project root /p",
  },
  {
    name: 'missing module file',
    text: edit('modules: [top.c]', 'modules: [tpo.c]'),
    error: "Layerfile:15:15: module `tpo.c` of layer 'Top' does not exist",
  },
  {
    name: 'missing included Layerfile',
    text: 'include: [sub/Layerfile]\n' + VALID,
    error: "Layerfile:1:11: included Layerfile sub/Layerfile does not exist",
  },
  {
    name: 'include of a directory',
    text: 'include: [sub]\n' + VALID,
    files: { 'sub/Layerfile': '' },
    error: "Layerfile:1:11: included Layerfile sub is a directory, not a file",
  },
  {
    name: 'include cycle',
    text: 'include: [sub/Layerfile]\n' + VALID, files: { 'sub/Layerfile': 'include: [../Layerfile]\n' },
    error: "sub/Layerfile:1:11: include cycle: Layerfile \u2192 sub/Layerfile \u2192 Layerfile",
  },
  {
    name: 'include leaving the root',
    text: 'include: [../other/Layerfile]\n' + VALID,
    error: "Layerfile:1:11: path `../other/Layerfile` leaves the project root /p",
  },
  {
    name: 'layer declared in two Layerfiles',
    text: 'include: [sub/Layerfile]\n' + VALID, files: { 'sub/Layerfile': 'layers:\n  Mem:\n    compose: [A, B]\n' },
    error: "Layerfile:8:3: layer 'Mem' is declared twice",
  },
  {
    name: 'prototype naming another function',
    text: edit('fresh: [palloc]', 'fresh: [{ name: palloc, prototype: "void pallocate(void)" }]'),
    error: "Layerfile:11:42: prototype of `palloc` declares `pallocate` instead",
  },
  {
    name: 'prototype that is not a prototype',
    text: edit('fresh: [palloc]', 'fresh: [{ name: palloc, prototype: "palloc" }]'),
    error: "Layerfile:11:42: prototype of `palloc` is not a C function prototype (expected e.g. \"void palloc(unsigned int x)\")",
  },
  {
    name: 'Layerfile prototype disagreeing with export.h',
    error: "Layerfile:12:42: prototype of `palloc` in the Layerfile disagrees with mem.h: `int palloc(void)` vs `unsigned int palloc(void)`",
    text: edit('    modules: [mem.c]', '    modules: [mem.c]\n    export: mem.h').replace('fresh: [palloc]', 'fresh: [{ name: palloc, prototype: "int palloc(void)" }]'),
    files: { 'mem.h': '#pragma once\nunsigned int palloc(void);\n' },
  },
  {
    name: 'composition with modules',
    text: VALID.replace('images:', '  Both:\n    compose: [Mem, Top]\n    modules: [a.c]\nimages:'),
    error: "Layerfile:20:5: layer 'Both' is a horizontal composition: it takes its modules and primitives from its parts, so it cannot have `modules`",
  },
  {
    name: 'unknown default image',
    text: VALID + 'default-image: kernel\n',
    error: "Layerfile:22:16: default-image `kernel` is not an image",
  },
  {
    name: 'boot pattern that is not a regex',
    text: VALID + '    boot:\n      expect: "passed ("\n',
    error: "Layerfile:23:15: `boot.expect` of image 'k' is not a valid regular expression: Unterminated group",
  },
  {
    name: 'program without sources',
    text: VALID + 'programs:\n  init:\n    entry: main\n',
    error: "Layerfile:23:3: program 'init' needs `sources`: the program's C and assembly sources",
  },
  {
    name: 'cflags as a string',
    text: edit('    modules: [top.c]', '    modules: [top.c]\n    cflags: -O2'),
    error: "Layerfile:16:13: `cflags` of layer 'Top' must be a list, not the string \"-O2\"",
  },
  {
    name: 'missing layer directory',
    text: edit('    modules: [top.c]', '    dir: kernel/top\n    modules: [top.c]'),
    error: "Layerfile:15:10: directory `kernel/top` of layer 'Top' does not exist",
  },
  {
    name: 'missing export header',
    text: edit('    modules: [top.c]', '    modules: [top.c]\n    export: top.h'),
    error: "Layerfile:16:13: export header `top.h` of layer 'Top' does not exist",
  },
  {
    name: 'memory below one megabyte',
    text: VALID + '    memory: 64K\n',
    error: "Layerfile:22:13: `memory` of image 'k' must be between 1M and 4G, not 64K",
  },
  {
    name: 'image name with a space',
    text: VALID.replace('  k:', '  "my kernel":'),
    error: "Layerfile:19:3: \"my kernel\" is not a valid image name: expected letters, digits, _, - and . (not starting with - or .)",
  },
];

