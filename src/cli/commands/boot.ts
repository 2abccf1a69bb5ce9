// `layermake boot [IMAGE|FILE]`: build an image of the Layerfile (default: its
// default-image) and run it in the bundled PC emulator, with COM1 on the terminal;
// or run any multiboot ELF file given by path. It ends as the kernel ends it: 0 when the expected pattern appears,
// the exit device's status ((v << 1) | 1, as under QEMU), or a failure with the
// reason, the last lines of the console and the CPU's registers.
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { readFileSync, statSync, fstatSync } from 'node:fs';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, printDiagnostics } from '../exit.js';
import { MIN_MEMORY_BYTES, MAX_MEMORY_BYTES } from '../../machine/limits.js';
import type { BootResult } from '../../machine/api.js';
import type { Machine } from '../../machine/machine.js';
import type { GlobalOptions } from '../options.js';
import { buildBootTarget } from '../bootImage.js';

interface BootArgs extends GlobalOptions {
  target?: string;
  image?: string;
  memory?: string;
  timeout?: number;
  expect?: string;
  cmdline: string;
  trace?: string;
  module?: string[];
  maxInstructions?: number;
  json: boolean;
}

const TAIL_LINES = 10;
/** What a shell reports for a command ended by SIGINT. */
const EXIT_INTERRUPTED = 130;
/** … and by SIGPIPE. */
const EXIT_READER_GONE = 141;

export const bootCommand: CommandModule<object, BootArgs> = {
  command: 'boot [target]',
  describe: 'Build an image and boot it in the bundled x86 PC emulator',
  builder: (argv: Argv) =>
    argv
      .positional('target', { type: 'string', describe: "An image of the Layerfile (default: its default-image), or a multiboot ELF file" })
      .option('image', { type: 'string', describe: 'An image of the Layerfile, by name' })
      .option('memory', { alias: 'm', type: 'string', describe: "Guest RAM (e.g. 64M, 1G; default: the image's memory, else 128M)" })
      .option('timeout', { type: 'number', describe: "Give up after SECONDS of wall-clock time (0: never; default: the image's boot.timeout, else 30)" })
      .option('expect', { type: 'string', describe: "Succeed as soon as the console matches REGEX (default: the image's boot.expect)" })
      .option('cmdline', { type: 'string', default: '', describe: 'Kernel command line' })
      .option('module', { type: 'string', array: true, describe: "A multiboot module: 'FILE [ARGS]' (repeatable)" })
      .option('trace', { type: 'string', describe: 'Write an instruction trace to FILE' })
      .option('max-instructions', { type: 'number', describe: 'Stop after N guest instructions' })
      .example('$0 boot', "Build the Layerfile's default image and boot it")
      .example('$0 boot test-PIPC', "Build and boot one layer's test image")
      .example('$0 boot build/kernel.elf --expect "all tests passed"', 'Boot a kernel file and wait for its verdict') as unknown as Argv<BootArgs>,
  handler: async (args: ArgumentsCamelCase<BootArgs>) => {
    process.exitCode = await boot(args);
  },
};

async function boot(given: BootArgs): Promise<number> {
  const usage = (message: string) => {
    process.stderr.write(`layermake boot: error: ${message}\n`);
    return EXIT_CONFIG;
  };
  if (given.target !== undefined && given.image !== undefined) return usage('give an image by name or as --image, not both');
  const target = given.target ?? given.image;
  let elf: Uint8Array;
  let path: string;
  let args = given;
  let memoryText = given.memory ?? '128M';
  if (target !== undefined && given.image === undefined && isFile(target)) {
    elf = readFileSync(target);
    path = target;
  } else {
    const built = await buildBootTarget(given, target);
    if (typeof built === 'number') return built;
    elf = built.elf;
    path = built.name;
    if (given.memory === undefined) memoryText = `${built.memoryBytes}`;
    args = { ...given, expect: given.expect ?? built.expect, timeout: given.timeout ?? built.timeoutSeconds };
  }
  args = { ...args, timeout: args.timeout ?? 30 };
  const memoryBytes = parseSize(memoryText);
  if (memoryBytes === undefined) return usage(`--memory: '${memoryText}' is not a size (e.g. 128M, 1G)`);
  if (memoryBytes < MIN_MEMORY_BYTES || memoryBytes > MAX_MEMORY_BYTES) return usage(`--memory: give between 2M and 3G (not ${memoryText})`);
  const timeout = args.timeout!;
  if (!(timeout >= 0)) return usage('--timeout: give a number of seconds (0: no limit)');
  let expect: RegExp | undefined;
  if (args.expect !== undefined) {
    try {
      expect = new RegExp(args.expect);
    } catch (e) {
      return usage(`--expect: ${(e as Error).message}`);
    }
  }
  const modules = [];
  for (const spec of args.module ?? []) {
    const file = spec.split(' ')[0]!;
    if (!isFile(file)) return usage(`--module: '${file}' is not a file`);
    modules.push({ data: readFileSync(file), cmdline: spec });
  }

  // Loaded on demand: the other commands should not pay for parsing the emulator.
  const { startBoot } = await import('../../machine/index.js');
  const session = await startBoot(elf, {
    imageName: path,
    memoryBytes,
    cmdline: args.cmdline,
    expect,
    timeoutMs: timeout > 0 ? timeout * 1000 : undefined,
    maxInstructions: args.maxInstructions,
    tracePath: args.trace,
    modules,
    onSerial: args.json ? undefined : (text) => void (process.stdout.writable && process.stdout.write(Buffer.from(text, 'latin1'))),
  });
  if ('severity' in session) {
    printDiagnostics([session], args.json);
    return EXIT_FAILURE;
  }
  const stopInput = connectStdin(session.machine);
  // A reader that goes away (`layermake boot k.elf | head`) ends the run quietly.
  let readerGone = false;
  const onStdoutError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    readerGone = true;
    session.machine.interrupt();
  };
  process.stdout.on('error', onStdoutError);
  const result = await session.result;
  stopInput();
  if (readerGone) return EXIT_READER_GONE;
  process.stdout.off('error', onStdoutError);
  return report(result, args, memoryBytes);
}

const CTRL_C = 0x03;

/**
 * Feeds the terminal or a pipe to COM1, as QEMU's -serial stdio does. A terminal is
 * put in raw mode so that each key reaches the guest as it is typed; Ctrl-C still
 * ends the run.
 */
function connectStdin(machine: Machine): () => void {
  const tty = process.stdin.isTTY === true;
  let pipe = false;
  try {
    const stat = fstatSync(0);
    pipe = stat.isFIFO() || stat.isSocket();
  } catch {
    pipe = false;
  }
  if (!tty && !pipe) return () => {};
  if (tty) process.stdin.setRawMode(true);
  const onData = (chunk: Buffer) => {
    const interrupt = tty ? chunk.indexOf(CTRL_C) : -1;
    if (interrupt >= 0) {
      machine.feedSerial(chunk.subarray(0, interrupt));
      machine.interrupt();
      return;
    }
    machine.feedSerial(chunk);
  };
  const onEnd = () => machine.setLiveInput(false);
  machine.setLiveInput(true);
  process.stdin.on('data', onData);
  process.stdin.on('end', onEnd);
  return () => {
    process.stdin.off('data', onData);
    process.stdin.off('end', onEnd);
    if (tty) process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdin.unref?.();
  };
}

function report(result: BootResult, args: BootArgs, memoryBytes: number): number {
  const { reason } = result;
  if (args.json) {
    process.stdout.write(JSON.stringify({ event: 'boot', reason, instructions: result.instructions, serial: result.serial }) + '\n');
  }
  if (reason.kind === 'expect-matched') return EXIT_OK;
  if (reason.kind === 'interrupted') {
    process.stderr.write('\nlayermake boot: interrupted\n');
    return EXIT_INTERRUPTED;
  }
  if (reason.kind === 'exit-device' && args.expect === undefined) return reason.status;

  const why = describe(result, args, memoryBytes);
  const tail = lastLines(result.serial, TAIL_LINES);
  let text = `\nlayermake boot: ${why}\n`;
  text += `after ${result.instructions} instructions\n`;
  if (tail) text += `last console lines:\n${tail.replace(/^/gm, '  | ')}\n`;
  if (reason.kind !== 'exit-device' && result.registers) text += `registers:\n${result.registers.replace(/^/gm, '  ')}\n`;
  process.stderr.write(text);
  return reason.kind === 'exit-device' && reason.status !== 0 ? reason.status : EXIT_FAILURE;
}

function describe(result: BootResult, args: BootArgs, memoryBytes: number): string {
  const reason = result.reason;
  switch (reason.kind) {
    case 'exit-device':
      return `the kernel exited with status ${reason.status} before the console matched /${args.expect}/`;
    case 'timeout':
      return `timed out after ${args.timeout} s${args.expect ? ` without the console matching /${args.expect}/` : ''}`;
    case 'instruction-limit':
      return `stopped at the instruction limit (${args.maxInstructions})`;
    case 'triple-fault':
      return `triple fault: ${reason.message}`;
    case 'shutdown':
      return `the machine stopped: ${reason.message}`;
    case 'emulator-limit':
      return `emulator limit: ${reason.message} (memory ${memoryBytes >> 20} MiB)`;
    default:
      return reason.kind;
  }
}

function lastLines(text: string, count: number): string {
  const lines = text.replace(/\r/g, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-count).join('\n');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** "128M", "1G", "65536K", "4096" (bytes); undefined if it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+)\s*([KMG]?)(i?B)?$/i.exec(text.trim());
  if (!match) return undefined;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[match[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(match[1]) * scale;
}
