// Arithmetic, logic, shifts, multiply/divide, bit and string instructions with
// pseudo-random operands: the host CPU is the oracle (see oracleCases.ts).
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cpu } from '../../../src/machine/cpu/cpu.js';
import { assemble, TestHost } from './harness.js';
import { FILL_PATTERN_C, caseFunction, fillPattern, generateCases, type OracleCase } from './oracleCases.js';

const SEED = 20261129;
const PER_FAMILY = 250;

function runNatively(cases: OracleCase[]): Uint8Array[] {
  const dir = mkdtempSync(join(tmpdir(), 'lm-oracle-'));
  try {
    writeFileSync(join(dir, 'cases.s'), '.text\n' + cases.map((c, i) => caseFunction(c, i, 64)).join('\n') + '\n.section .note.GNU-stack,"",@progbits\n');
    const decls = cases.map((_, i) => `void case_${i}(unsigned char *);`).join('\n');
    const table = cases.map((_, i) => `case_${i}`).join(',');
    writeFileSync(join(dir, 'driver.c'), `#include <stdio.h>
${decls}
static void (*cases[])(unsigned char *) = {${table}};
${FILL_PATTERN_C}
int main(void) {
  static unsigned char buf[256] __attribute__((aligned(16)));
  for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    fill(buf, i);
    cases[i](buf);
    for (int j = 0; j < 256; j++) printf("%02x", buf[j]);
    putchar('\\n');
  }
  return 0;
}
`);
    execFileSync('gcc', ['-O0', '-o', join(dir, 'oracle'), join(dir, 'driver.c'), join(dir, 'cases.s')]);
    const out = execFileSync(join(dir, 'oracle'), { encoding: 'utf8', maxBuffer: 64 << 20 });
    return out.trim().split('\n').map((line) => Uint8Array.from(Buffer.from(line, 'hex')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CODE = 0x10000, BUFFER = 0x80000, STACK = 0x90000, HALT = 0x1000;

function runEmulated(cases: OracleCase[]): Uint8Array[] {
  const { code, symbols } = assemble('.text\n' + cases.map((c, i) => caseFunction(c, i, 32)).join('\n') + '\n');
  const mem = new Uint8Array(1 << 20);
  mem.set(code, CODE);
  mem[HALT] = 0xf4;
  const cpu = new Cpu(mem, new TestHost());
  const results: Uint8Array[] = [];
  const view = new DataView(mem.buffer);
  cases.forEach((_, i) => {
    fillPattern(mem.subarray(BUFFER, BUFFER + 256), i);
    cpu.enterProtectedFlat(CODE + symbols.get(`case_${i}`)!, 0, 0);
    view.setUint32(STACK, HALT, true);
    view.setUint32(STACK + 4, BUFFER, true);
    cpu.regs[4] = STACK;
    cpu.run(100000);
    if (cpu.state !== 'halted') throw new Error(`case ${i} (${cases[i].body}) ended ${cpu.state}: ${cpu.faultMessage}\n${cpu.dumpRegisters()}`);
    results.push(mem.slice(BUFFER, BUFFER + 256));
  });
  return results;
}

function describeCase(c: OracleCase): string {
  const h = (v: number) => '0x' + (v >>> 0).toString(16);
  return `${c.body.replace(/\n/g, '; ')}  [eax=${h(c.regs[0])} ebx=${h(c.regs[1])} ecx=${h(c.regs[2])} edx=${h(c.regs[3])} esi=${h(c.regs[4])} edi=${h(c.regs[5])} flags=${h(c.flags)}]`;
}

describe('instruction families against the host CPU', () => {
  test(`${PER_FAMILY} cases per family (seed ${SEED})`, () => {
    const cases = generateCases(SEED, PER_FAMILY);
    const native = runNatively(cases);
    const emulated = runEmulated(cases);
    expect(native.length).toBe(cases.length);
    const failures: string[] = [];
    const names = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi'];
    cases.forEach((c, i) => {
      const n = new DataView(native[i].buffer), e = new DataView(emulated[i].buffer);
      const problems: string[] = [];
      for (let r = 0; r < 6; r++) {
        const a = n.getUint32(4 * r, true), b = e.getUint32(4 * r, true);
        if (a !== b) problems.push(`${names[r]} native=${a.toString(16)} emulated=${b.toString(16)}`);
      }
      const nf = n.getUint32(24, true) & c.mask, ef = e.getUint32(24, true) & c.mask;
      if (nf !== ef) problems.push(`flags native=${nf.toString(16)} emulated=${ef.toString(16)} (mask ${c.mask.toString(16)})`);
      for (let j = 32; j < 256; j++) {
        if (native[i][j] !== emulated[i][j]) {
          problems.push(`memory +${j} native=${native[i][j].toString(16)} emulated=${emulated[i][j].toString(16)}`);
          break;
        }
      }
      if (problems.length) failures.push(`#${i} ${describeCase(c)}: ${problems.join(', ')}`);
    });
    if (failures.length) console.log(`${failures.length} of ${cases.length} differ:\n` + failures.slice(0, 40).join('\n'));
    expect(failures.length).toBe(0);
  });
});
