// Generates a kernel-like layer tower for the build benchmarks: LAYERS layers of
// MODULES C modules each (every module defines primitives that call its
// immediate underlay's), one assembly entry module, a Layerfile for layermake and
// a Makefile for the make + gcc -m32 -O1 + GNU as/ld baseline on the same sources.
//
//   node bench/gen-tower.mjs DIR [LAYERS=40] [MODULES=4]

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateTower(root, layers = 40, modulesPerLayer = 4) {
  mkdirSync(root, { recursive: true });
  const layerName = (i) => `L${String(i).padStart(2, '0')}`;
  const prim = (i, m, k) => `${layerName(i).toLowerCase()}_m${m}_p${k}`;
  const yaml = ['version: 1', 'layers:'];
  const objects = [];
  const rules = [];
  for (let i = 0; i < layers; i++) {
    const name = layerName(i);
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const fresh = [];
    const protos = [];
    for (let m = 0; m < modulesPerLayer; m++) {
      const lines = [`#include "export.h"`, i > 0 ? `#include "../${layerName(i - 1)}/export.h"` : '', ''];
      lines.push(`static unsigned int table_${m}[256];`, '');
      for (let k = 0; k < 6; k++) {
        const p = prim(i, m, k);
        fresh.push(p);
        protos.push(`unsigned int ${p}(unsigned int x, unsigned int y);`);
        const below = i > 0 ? prim(i - 1, (m + k) % modulesPerLayer, (k + 1) % 6) : undefined;
        lines.push(
          `unsigned int ${p}(unsigned int x, unsigned int y)`,
          '{',
          '    unsigned int acc = x ^ (y << 3);',
          '    unsigned int i;',
          '    for (i = 0; i < 16; i++) {',
          `        acc = acc * 33u + table_${m}[(acc + i) & 255];`,
          `        if (acc & 1) table_${m}[i] = acc; else acc ^= y >> (i & 7);`,
          '    }',
          '    switch (y & 3) {',
          '    case 0: acc += 7; break;',
          '    case 1: acc -= x; break;',
          '    case 2: acc ^= 0x5a5a; break;',
          '    default: acc = (acc >> 1) | (acc << 31);',
          '    }',
          below ? `    return ${below}(acc, x) + acc;` : '    return acc;',
          '}',
          '',
        );
      }
      writeFileSync(join(dir, `m${m}.c`), lines.join('\n'));
      objects.push(`${name}/m${m}.o`);
    }
    writeFileSync(join(dir, 'export.h'), `#ifndef ${name}_EXPORT_H\n#define ${name}_EXPORT_H\n${protos.join('\n')}\n#endif\n`);
    yaml.push(`  ${name}:`, ...(i > 0 ? [`    underlay: ${layerName(i - 1)}`] : []), `    dir: ${name}`);
    yaml.push(`    modules: [${[...(i === 0 ? ['entry.S'] : []), ...Array.from({ length: modulesPerLayer }, (_, m) => `m${m}.c`)].join(', ')}]`);
    yaml.push('    export: export.h', '    provides:', `      fresh: [${fresh.join(', ')}${i === 0 ? ', { name: start, prototype: "void start(void)" }' : ''}]`);
  }
  const top = layerName(layers - 1);
  writeFileSync(
    join(root, layerName(0), 'entry.S'),
    ['    .text', '    .globl start', 'start:', '    movl $0x200000, %esp', '    pushl $1', '    pushl $2', `    call ${prim(0, 0, 0)}`, '1:  hlt', '    jmp 1b', ''].join('\n'),
  );
  objects.unshift(`${layerName(0)}/entry.o`);
  yaml.push('images:', '  tower:', `    top: ${top}`, '    entry: start', 'default-image: tower', '');
  writeFileSync(join(root, 'Layerfile'), yaml.join('\n'));
  for (const object of objects) {
    const source = object.replace(/\.o$/, object.endsWith('entry.o') ? '.S' : '.c');
    rules.push(`${object}: ${source}\n\t${source.endsWith('.S') ? '$(AS) --32 -o $@ $<' : '$(CC) $(CFLAGS) -c -o $@ $<'}`);
  }
  writeFileSync(
    join(root, 'Makefile'),
    [
      'CC = gcc',
      'AS = as',
      'CFLAGS = -m32 -O1 -ffreestanding -fno-pic -fno-stack-protector -nostdinc',
      `OBJS = ${objects.join(' ')}`,
      'tower.elf: $(OBJS)',
      '\tld -m elf_i386 -Ttext 0x100000 -e start -o $@ $(OBJS)',
      ...rules,
      'clean:',
      '\trm -f $(OBJS) tower.elf',
      '',
    ].join('\n'),
  );
  return { layers, modules: layers * modulesPerLayer + 1, top };
}

if (process.argv[1] && process.argv[1].endsWith('gen-tower.mjs')) {
  const [dir, layers = '40', modules = '4'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node bench/gen-tower.mjs DIR [LAYERS] [MODULES]');
    process.exit(2);
  }
  console.log(generateTower(dir, Number(layers), Number(modules)));
}
