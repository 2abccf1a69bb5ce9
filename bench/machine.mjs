// Emulator speed: guest MIPS on a CPU-bound kernel and on a boot-like one, and the
// wall time of the same kernels under qemu-system-i386 (TCG) in the same run, as
// ratios. The kernels are built here with gcc -m32 and GNU ld, as the tests build
// theirs; the emulator is bundled from src/ with esbuild.
//
// layermake's MIPS are shown per wall second and per CPU second of this process (the
// machine is shared: the second moves less with the load). QEMU's MIPS come from the
// difference between a run of the full length and one of a quarter of it, which
// cancels its start-up; instructions are layermake's count for the same difference.
//
//   node bench/machine.mjs [--rounds-cpu N] [--rounds-boot N] [--repeat N]
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const roundsCpu = option('--rounds-cpu', 20);
const roundsBoot = option('--rounds-boot', 8);
const repeat = option('--repeat', 3);

const work = mkdtempSync(join(tmpdir(), 'layermake-bench-machine-'));
const lib = join(root, 'tests/machine/kernels/lib');
const cflags = ['-m32', '-ffreestanding', '-nostdlib', '-fno-pic', '-fno-stack-protector', '-fno-asynchronous-unwind-tables', '-O2', '-I', lib];

function buildKernel(name) {
  const sources = ['boot.S', 'lib.c', 'x86.c', 'catch.c', 'vectors.S'].map((f) => join(lib, f));
  sources.push(join(root, 'bench/machine-kernels', `${name}.c`));
  const objects = sources.map((source, i) => {
    const object = join(work, `${name}-${i}.o`);
    execFileSync('gcc', [...cflags, '-c', source, '-o', object]);
    return object;
  });
  const elf = join(work, `${name}.elf`);
  execFileSync('ld', ['-m', 'elf_i386', '-z', 'noexecstack', '--no-warn-rwx-segments', '-T', join(lib, 'link.ld'), '-o', elf, ...objects]);
  return elf;
}

async function loadEmulator() {
  const outfile = join(work, 'machine.mjs');
  await build({ entryPoints: [join(root, 'src/machine/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', minifySyntax: true, outfile, logLevel: 'error' });
  return import(outfile);
}

function qemu(elf, cmdline) {
  const start = process.hrtime.bigint();
  const result = spawnSync(
    'qemu-system-i386',
    ['-kernel', elf, '-append', cmdline, '-serial', 'stdio', '-display', 'none', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-no-reboot', '-m', '128', '-accel', 'tcg'],
    { stdio: ['ignore', 'pipe', 'ignore'], timeout: 600_000 },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, status: result.status, serial: result.stdout.toString('latin1') };
}

async function ours(emulator, elf, cmdline) {
  const image = readFileSync(elf);
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const result = await emulator.boot(image, { imageName: elf, cmdline, memoryBytes: 128 << 20, timeoutMs: 600_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (used.user + used.system) / 1000, result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (!existsSync('/usr/bin/qemu-system-i386') && spawnSync('qemu-system-i386', ['--version']).status !== 0) {
  console.log('qemu-system-i386 is not installed: no peer to compare with');
  process.exit(1);
}

const emulator = await loadEmulator();
const kernels = [
  { name: 'cpubound', rounds: roundsCpu },
  { name: 'bootheavy', rounds: roundsBoot },
];
console.log(`machine bench: median of ${repeat} runs each (instructions are layermake's count; QEMU runs the same guest code)`);
for (const kernel of kernels) {
  const elf = buildKernel(kernel.name);
  const cmdline = String(kernel.rounds);
  const shortCmdline = String(Math.max(1, Math.round(kernel.rounds / 4)));
  await ours(emulator, elf, shortCmdline); // let V8 optimise first
  const oursRuns = [];
  const qemuRuns = [];
  const qemuShortRuns = [];
  let instructions = 0;
  for (let i = 0; i < repeat; i++) {
    const run = await ours(emulator, elf, cmdline);
    if (run.result.reason.kind !== 'exit-device') throw new Error(`${kernel.name}: ${JSON.stringify(run.result.reason)}`);
    instructions = run.result.instructions;
    oursRuns.push(run);
    const peer = qemu(elf, cmdline);
    if (peer.serial !== run.result.serial) console.log(`  warning: ${kernel.name}: QEMU printed something else`);
    qemuRuns.push(peer.ms);
    qemuShortRuns.push(qemu(elf, shortCmdline).ms);
  }
  const shortInstructions = (await ours(emulator, elf, shortCmdline)).result.instructions;
  const oursMs = median(oursRuns.map((r) => r.ms));
  const oursCpuMs = median(oursRuns.map((r) => r.cpuMs));
  const mips = instructions / oursMs / 1000;
  const mipsCpu = instructions / oursCpuMs / 1000;
  const qemuMs = median(qemuRuns);
  const qemuNet = qemuMs - median(qemuShortRuns);
  const qemuMips = qemuNet > 0 ? (instructions - shortInstructions) / qemuNet / 1000 : NaN;
  console.log(
    `${kernel.name.padEnd(10)} ${(instructions / 1e6).toFixed(1).padStart(7)} M instructions  ` +
      `layermake ${oursMs.toFixed(0).padStart(6)} ms = ${mips.toFixed(1).padStart(6)} MIPS wall, ${mipsCpu.toFixed(1).padStart(6)} MIPS per CPU second   ` +
      `qemu ${qemuMs.toFixed(0).padStart(6)} ms (${Number.isNaN(qemuMips) ? 'too short to time' : `${qemuMips.toFixed(0)} MIPS net of start-up`})   ` +
      `layermake/qemu MIPS ${(mips / qemuMips).toFixed(2)} wall, ${(mipsCpu / qemuMips).toFixed(2)} CPU`,
  );
}
console.log('the machine is shared: repeat with --repeat 5 for steadier figures');
