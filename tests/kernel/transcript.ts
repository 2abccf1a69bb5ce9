// The serial transcript the mCertiKOS kernel must print, for every way of
// building and booting it (gcc or tcc under QEMU now; layermake's toolchain
// and emulator later). User programs run one at a time, so it does not
// depend on when the timer fires.
import { loadKernelLayerfile, stack } from './layerfile.mjs';

/** Layers with a self-test, in the order the kernel runs them (bottom to top). */
export function testedLayers(): string[] {
  const lf = loadKernelLayerfile();
  const image = lf.images.get(lf.defaultImage)!;
  return stack(lf, image.top).filter((n) => lf.layers.get(n)!.test);
}

export function expectedTranscript(layers: string[] = testedLayers()): RegExp[] {
  return [
    /^mCertiKOS: layers up, running the self-tests$/,
    ...layers.map((n) => new RegExp(`^${n}: PASS$`)),
    /^mCertiKOS: every layer passed its self-test$/,
    /^mCertiKOS: running hello$/,
    /^hello: hello from user space, pid \d+$/, /^hello: running in ring 3$/,
    /^hello: yield 1$/, /^hello: yield 2$/, /^hello: yield 3$/,
    /^hello: grew the stack by 3 pages \(checksum 6\)$/, /^hello: done$/,
    /^mCertiKOS: running ping$/,
    /^ping: spawned pong$/, ...[1, 2, 3, 4, 5].map((i) => new RegExp(`^pong: got ${i} and ${i * i}$`)),
    /^ping: 5 round trips, every reply correct$/,
    /^mCertiKOS: running faulter$/,
    /^faulter: writing to kernel memory$/, /^kernel: killed process \d+: page fault at 0x100000$/,
    /^mCertiKOS: running spinner$/,
    /^spinner: spinning without yielding$/, /^kernel: the timer preempted the spinning process; killing it$/,
    /^mCertiKOS: all tests passed$/,
  ];
}

/** The serial output's non-empty lines. */
export const transcriptLines = (output: string): string[] => output.split(/\r?\n/).filter((l) => l.length > 0);

/** One entry per line: 'ok', or what was there instead of what was expected. */
export function compareTranscript(lines: string[], expected: RegExp[] = expectedTranscript()): string[] {
  return Array.from({ length: Math.max(lines.length, expected.length) }, (_, i) =>
    expected[i]?.test(lines[i] ?? '') ? 'ok' : `line ${i + 1}: ${JSON.stringify(lines[i])} does not match ${expected[i]}`);
}
