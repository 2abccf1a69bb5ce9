#!/usr/bin/env node
// Figures of the mCertiKOS kernel: layers, pass-throughs, lines of C and
// assembly per layer group (kernel modules, headers, self-tests, user
// programs), the size of the image layermake builds (and, for comparison, the
// one gcc -m32 and GNU ld link), and instructions executed in layermake's
// emulator: to the kernel's final line, and for idpde_init with and without
// cross-layer inlining of set_IDPTE.
//
//   npm run build && node bench/kernel-figures.mjs [--no-build]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadKernelLayerfile, stack, kernelDir } from '../tests/kernel/layerfile.mjs';
import { buildKernel } from '../tests/kernel/build-with-gcc.mjs';
import { boot } from '../dist/index.js';

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

if (!process.argv.includes('--no-build')) {
  // The same kernel built by layermake, twice: as it is, and with set_IDPTE's
  // `inline: true` hint removed. MPTOp's test image runs idpde_init once (1024 x
  // 1024 calls of set_IDPTE) and little else, so the difference between the two
  // counts is what inlining saves in idpde_init.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-figures-lm-'));
  const cli = path.join(path.dirname(kernelDir), '..', 'bin', 'layermake.js');
  const variant = (name, edit) => {
    const dir = path.join(work, name);
    fs.cpSync(kernelDir, dir, { recursive: true, filter: (src) => !/\/(build|\.layermake)$/.test(src) });
    const layerfile = path.join(dir, 'Layerfile');
    fs.writeFileSync(layerfile, edit(fs.readFileSync(layerfile, 'utf8')));
    execFileSync(process.execPath, [cli, '-C', dir, 'build', 'mcertikos', 'test-MPTOp'], {
      env: { ...process.env, LAYERMAKE_CACHE_DIR: path.join(work, 'cache') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return dir;
  };
  const run = async (dir, image, expect) => {
    const result = await boot(fs.readFileSync(path.join(dir, 'build', `${image}.elf`)), { expect, timeoutMs: 600_000 });
    if (result.reason.kind !== 'expect-matched') throw new Error(`${image}: ${JSON.stringify(result.reason)}`);
    return result.instructions;
  };
  try {
    const inlined = variant('inlined', (t) => t);
    const called = variant('called', (t) => t.replace(/\n\s*inline: true[^\n]*/, ''));
    const elf = path.join(inlined, 'build', 'mcertikos.elf');
    console.log(`image (layermake): ${fs.statSync(elf).size} bytes on disk`);
    const final = await run(inlined, 'mcertikos', /mCertiKOS: all tests passed/);
    const finalCalled = await run(called, 'mcertikos', /mCertiKOS: all tests passed/);
    console.log(`instructions to "mCertiKOS: all tests passed": ${final} (${finalCalled} without inlining set_IDPTE)`);
    const withInline = await run(inlined, 'test-MPTOp', /MPTOp: PASS/);
    const withoutInline = await run(called, 'test-MPTOp', /MPTOp: PASS/);
    const saved = withoutInline - withInline;
    console.log(`test-MPTOp (runs idpde_init once): ${withInline} instructions inlined, ${withoutInline} with calls; ` +
      `inlining saves ${saved} in idpde_init, ${(saved / (1024 * 1024)).toFixed(1)} per set_IDPTE call`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
