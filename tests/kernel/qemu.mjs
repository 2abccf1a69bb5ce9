// Boots a multiboot image in qemu-system-i386 (the oracle) with the serial
// console on stdout and the isa-debug-exit device at 0xf4.
import { spawn } from 'node:child_process';

/**
 * Resolves with { output, exitCode, timedOut, stopped }. exitCode is the
 * value the kernel wrote to port 0xf4 (QEMU exits with (v << 1) | 1), or
 * undefined when QEMU ended otherwise. With stopOn, QEMU is stopped as soon
 * as the pattern appears (for test images that cannot exit by themselves).
 */
export function bootInQemu(elf, { timeoutMs = 60000, memory = '128M', stopOn, onOutput } = {}) {
  return new Promise((resolve) => {
    const qemu = spawn('qemu-system-i386', ['-kernel', elf, '-serial', 'stdio', '-display', 'none',
      '-monitor', 'none', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04', '-no-reboot', '-m', memory],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => { timedOut = true; qemu.kill('SIGKILL'); }, timeoutMs);
    qemu.stdout.on('data', (d) => {
      const s = d.toString('latin1');
      output += s;
      onOutput?.(s);
      if (stopOn && !stopped && stopOn.test(output)) { stopped = true; qemu.kill('SIGKILL'); }
    });
    qemu.stderr.on('data', (d) => { output += d.toString('latin1'); });
    qemu.on('close', (code) => {
      clearTimeout(timer);
      const exitCode = !timedOut && !stopped && code !== null && (code & 1) === 1 ? code >> 1 : undefined;
      resolve({ output, exitCode, timedOut, stopped });
    });
  });
}
