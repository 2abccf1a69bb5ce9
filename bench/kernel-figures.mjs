#!/usr/bin/env node
// Figures of the mCertiKOS kernel: layers, pass-throughs, lines of C and
// assembly per layer group (kernel modules, headers, self-tests, user
// programs), and the size of the image the oracle toolchain (gcc -m32, GNU
// ld) links. Instruction counts (to the final line, and of idpde_init with
// and without cross-layer inlining) need layermake's emulator and are not
// measured here.
//
//   node bench/kernel-figures.mjs [--no-build]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadKernelLayerfile, stack, kernelDir } from '../tests/kernel/layerfile.mjs';
import { buildKernel } from '../tests/kernel/build-with-gcc.mjs';

/** Lines that are neither blank nor only comment. */
function codeLines(file) {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''));
  return text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//')).length;
}

const lf = loadKernelLayerfile();
const image = lf.images.get(lf.defaultImage);
const order = stack(lf, image.top);
const groupOf = (layer) => path.relative(kernelDir, lf.layers.get(layer).dir).split(path.sep)[0];

const rows = new Map();
const row = (group) => {
  if (!rows.has(group)) rows.set(group, { layers: 0, c: 0, asm: 0, headers: 0, tests: 0 });
  return rows.get(group);
};
for (const name of order) {
  const l = lf.layers.get(name);
  const r = row(groupOf(name));
  r.layers++;
  for (const m of l.modules) {
    if (path.basename(m) === 'selftest.c') r.tests += codeLines(m);
    else if (m.endsWith('.c')) r.c += codeLines(m);
    else r.asm += codeLines(m);
  }
  for (const h of [l.exportFile, l.importFile]) if (h) r.headers += codeLines(h);
  if (l.test) r.tests += codeLines(l.test);
}
const shared = row('include');
for (const f of fs.readdirSync(path.join(kernelDir, 'include'))) shared.headers += codeLines(path.join(kernelDir, 'include', f));
const user = row('user');
for (const f of fs.readdirSync(path.join(kernelDir, 'user'))) {
  const n = codeLines(path.join(kernelDir, 'user', f));
  if (f.endsWith('.h')) user.headers += n; else user.c += n;
}

const pad = (s, n) => String(s).padStart(n);
console.log('group      layers   C lines  asm lines  header lines  test lines');
const total = { layers: 0, c: 0, asm: 0, headers: 0, tests: 0 };
for (const [g, r] of rows) {
  console.log(`${g.padEnd(10)} ${pad(r.layers, 6)} ${pad(r.c, 9)} ${pad(r.asm, 10)} ${pad(r.headers, 13)} ${pad(r.tests, 11)}`);
  for (const k of Object.keys(total)) total[k] += r[k];
}
console.log(`${'total'.padEnd(10)} ${pad(total.layers, 6)} ${pad(total.c, 9)} ${pad(total.asm, 10)} ${pad(total.headers, 13)} ${pad(total.tests, 11)}`);

const compositions = [...lf.layers.values()].filter((l) => l.compose);
const fresh = order.reduce((n, name) => n + lf.layers.get(name).fresh.length, 0);
const passthroughs = order.reduce((n, name) => n + lf.layers.get(name).passthrough.length, 0);
console.log(`layers: ${order.length} (+${compositions.length} horizontal composition: ${compositions.map((c) => `${c.name} = ${c.compose.join(' | ')}`).join(', ')})`);
console.log(`primitives: ${fresh} fresh, ${passthroughs} pass-through entries; modules: ${order.reduce((n, name) => n + lf.layers.get(name).modules.length, 0)}`);

if (!process.argv.includes('--no-build')) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-figures-'));
  try {
    const built = await buildKernel({ outDir });
    const [text, data, bss] = execFileSync('size', ['-A', '-d', built.image], { encoding: 'utf8' })
      .split('\n').reduce((acc, line) => {
        const [sec, size] = line.trim().split(/\s+/);
        if (sec === '.text') acc[0] += Number(size);
        else if (sec === '.rodata' || sec === '.data') acc[1] += Number(size);
        else if (sec === '.bss') acc[2] += Number(size);
        return acc;
      }, [0, 0, 0]);
    console.log(`image (gcc -m32 -O1, GNU ld): ${fs.statSync(built.image).size} bytes on disk; ` +
      `text ${text}, data+rodata ${data} (programs embedded), bss ${bss}`);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
