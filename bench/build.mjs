// Build-engine benchmark against make -j2 with gcc -m32 -O1 and GNU as/ld on the same
// sources, in the same run: on the bundled mCertiKOS kernel (--kernel; its Makefile is
// generated from layermake's plan by bench/make-from-plan.mjs), or on a generated
// tower of 40 layers and 161 modules (the default). Prints figures; asserts nothing.
//
//   npm run build && node bench/build.mjs [--kernel | LAYERS=40 MODULES_PER_LAYER=4]

import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, watch, writeFileSync, renameSync } from 'node:fs';
import { tmpdir, availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generateTower } from './gen-tower.mjs';
import { makefileFor } from './make-from-plan.mjs';

const repo = resolve(new URL('..', import.meta.url).pathname);
// The command as installed (node_modules/.bin/layermake): the sh front, which answers
// no-op builds itself and hands everything else to bin/layermake.js.
const command = join(repo, 'bin', 'layermake');
// As on a developer's machine: CI would keep `build` from starting its build server.
const interactive = { ...process.env, LAYERMAKE_SERVER: undefined, CI: undefined };
const noServer = { ...interactive, LAYERMAKE_SERVER: 'off' };
const args = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'layermake-bench-'));
const subject = args.includes('--kernel') ? await kernel() : tower(...args.map(Number));

/** The generated tower: a one-line edit in a bottom-layer module, another for watch. */
function tower(layers = 40, perLayer = 4) {
  const shape = generateTower(dir, layers, perLayer);
  return {
    title: `tower: ${shape.layers} layers, ${shape.modules} modules`,
    image: 'tower',
    elf: join(dir, 'build', 'tower.elf'),
    edit: (n) => editFile('L00/m1.c', /acc \+= \d+;/, `acc += ${8 + n};`),
    watchEdit: (n) => ['L00/m2.c', /acc \^= 0x[0-9a-f]+;/, `acc ^= 0x${(0x1000 + n).toString(16)};`],
  };
}

/** The bundled kernel's image: edits in MALInit, a low layer, that keep its interface. */
async function kernel() {
  cpSync(join(repo, 'kernels', 'mcertikos'), dir, { recursive: true });
  rmSync(join(dir, '.layermake'), { recursive: true, force: true });
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  writeFileSync(join(dir, 'Makefile'), await makefileFor(join(dir, 'Layerfile'), 'mcertikos'));
  const plain = 'unsigned int get_nps(void) { return nps; }';
  const file = 'mm/MALInit/MALInit.c';
  const editGetter = (n) =>
    editFile(file, /unsigned int get_nps\(void\) \{[^}]*\}/, `unsigned int get_nps(void) { volatile unsigned int edit = ${n}; (void)edit; return nps; }`);
  if (!readFileSync(join(dir, file), 'utf8').includes(plain)) throw new Error(`${file} no longer has \`${plain}\`: update the bench`);
  const modules = spawnSync('make', ['-n'], { cwd: dir, encoding: 'utf8' }).stdout.split('\n').filter((l) => / -c /.test(l)).length;
  return {
    title: `kernel: kernels/mcertikos, image mcertikos (${modules} compiled modules)`,
    image: 'mcertikos',
    elf: join(dir, 'build', 'mcertikos.elf'),
    edit: editGetter,
    watchEdit: (n) => [file, /unsigned int get_nps\(void\) \{[^}]*\}/, `unsigned int get_nps(void) { volatile unsigned int watched = ${n}; (void)watched; return nps; }`],
  };
}

function timed(program, args, env = interactive) {
  const start = performance.now();
  const result = spawnSync(program, args, { cwd: dir, encoding: 'utf8', env: definedOnly(env) });
  const ms = performance.now() - start;
  if (result.status !== 0) fail(`${program} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

/** Ends the bench on a failed step, leaving no build server nor scratch project behind. */
function fail(message) {
  console.error(message);
  spawnSync(command, ['server', 'stop'], { cwd: dir, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}

/**
 * Runs a command and times both its whole run and the moment its new image is on
 * disk (the image is renamed into place: one directory event), which comes before
 * the command has printed its summary and exited.
 */
async function timedToImage(program, args, image, env = interactive) {
  const before = statSync(image).mtimeMs;
  const start = performance.now();
  let toImage;
  const watcher = watch(dirname(image), () => {
    if (toImage === undefined && statSync(image, { throwIfNoEntry: false })?.mtimeMs !== before) toImage = performance.now() - start;
  });
  const child = spawn(program, args, { cwd: dir, env: definedOnly(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const status = await new Promise((resolve) => child.on('exit', resolve));
  const total = performance.now() - start;
  watcher.close();
  if (status !== 0 || statSync(image).mtimeMs === before) fail(`${program} ${args.join(' ')} (status ${status}) failed or wrote no new ${image}:\n${output}`);
  return { total, toImage: toImage ?? total };
}

function definedOnly(env) {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}

const layermake = (...words) => timed(command, words);
const layermakeAlone = (...words) => timed(command, words, noServer);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function editFile(file, from, to) {
  writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));
}
const fmt = (ms) => `${ms.toFixed(0)} ms`;

console.log(`${subject.title}; ${availableParallelism()} cores`);

// Cold builds: layermake with an empty cache vs make -j2 from clean.
const coldMake = [];
const coldOurs = [];
for (let i = 0; i < 3; i++) {
  timed('make', ['-s', 'clean']);
  coldMake.push(timed('make', ['-s', '-j2']));
  rmSync(join(dir, '.layermake'), { recursive: true, force: true });
  rmSync(join(dir, 'build'), { recursive: true, force: true });
  coldOurs.push(layermakeAlone('build', subject.image));
}
const nodeStartup = median(Array.from({ length: 5 }, () => timed(process.execPath, ['-e', '0'])));
const bareNodeStartup = median(Array.from({ length: 5 }, () => timed(process.execPath, ['-e', '0'], { ...interactive, NODE_EXTRA_CA_CERTS: undefined })));

// No-op builds: the first one after the cold build stamps the tree (the cold build
// wrote into the directories it read), the rest are answered from the stamp.
layermakeAlone('build', subject.image);
const noopOurs = median(Array.from({ length: 7 }, () => layermake('build', subject.image)));
const noopMake = median(Array.from({ length: 7 }, () => timed('make', ['-s', '-j2'])));

// One-file edits in the bottom layer that keep its interface, to a new image: as
// `build` runs by default (the first edit's build runs in its own process and starts
// the project's build server; the rest run there), and each in a fresh process with
// no server (LAYERMAKE_SERVER=off).
const EDITS = 7;
let editCount = 0;
const editBottom = () => subject.edit(editCount++);
const editAlone = [];
const editMake = [];
for (let i = 0; i < EDITS; i++) {
  editBottom();
  editAlone.push(await timedToImage(command, ['build', subject.image], subject.elf, noServer));
  // make's image is whole only when ld, its last step, exits: its time is the whole command's.
  editMake.push(timed('make', ['-s', '-j2']));
}
const editOurs = [];
for (let i = 0; i < EDITS + 2; i++) {
  editBottom();
  const times = await timedToImage(command, ['build', subject.image], subject.elf);
  if (i >= 2) editOurs.push(times); // the first starts the server, the second may meet its warm-up
}
layermake('server', 'stop');

// Watch: from an atomic save to the new image on disk.
const watchMs = await measureWatch();

console.log('');
console.log('                          layermake      make -j2 + gcc -O1   ratio');
const row = (name, ours, theirs) =>
  console.log(`${name.padEnd(26)}${fmt(ours).padEnd(15)}${fmt(theirs).padEnd(21)}${(ours / theirs).toFixed(2)}x`);
row('cold build', median(coldOurs), median(coldMake));
row('no-op build', noopOurs, noopMake);
const toImage = (runs) => median(runs.map((r) => r.toImage));
const total = (runs) => median(runs.map((r) => r.total));
row('one-file edit, to image', toImage(editOurs), median(editMake));
row('  the whole command', total(editOurs), median(editMake));
row('  no server, to image', toImage(editAlone), median(editMake));
console.log(`${'watch: save to image'.padEnd(26)}${fmt(watchMs)}`);
console.log(`(node -e 0 takes ${fmt(nodeStartup)} here, ${fmt(bareNodeStartup)} without NODE_EXTRA_CA_CERTS, which the sh front unsets;`);
console.log(' every figure but the no-op includes a Node start; the one-file edit, the client\'s;');
console.log(' "to image": until the new image is on disk, before the command prints its summary and exits)');
rmSync(dir, { recursive: true, force: true });

async function measureWatch() {
  const child = spawn(command, ['watch', subject.image], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const until = async (test) => {
    for (let i = 0; i < 3000 && !test(); i++) await new Promise((r) => setTimeout(r, 2));
  };
  await until(() => /watching/.test(output));
  const elf = subject.elf;
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const before = statSync(elf).mtimeMs;
    const [name, from, to] = subject.watchEdit(i);
    const file = join(dir, name);
    const text = readFileSync(file, 'utf8').replace(from, to);
    const start = performance.now();
    writeFileSync(file + '.tmp', text);
    renameSync(file + '.tmp', file);
    await until(() => statSync(elf).mtimeMs !== before);
    samples.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill('SIGINT');
  return median(samples);
}
