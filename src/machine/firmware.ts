// The device state a PC's firmware leaves behind when it hands over to a multiboot
// kernel. Kernels are tested against QEMU, whose SeaBIOS has by then programmed the
// PICs (vectors 0x08 and 0x70, only the timer, keyboard, cascade and floppy lines
// unmasked), set PIT channel 0 to mode 2 at 18.2 Hz, probed COM1 (which leaves IRQ 4
// latched in the master's IRR) and talked to the keyboard controller. Replaying the
// same port writes here gives the same state, so a kernel that relies on any of it,
// on purpose or by accident, behaves the same on both.
import type { IoBus } from './ioBus.js';

export function runFirmware(bus: IoBus): void {
  const out = (port: number, value: number) => bus.write(port, 1, value);
  // PIT channel 0: mode 2, LSB then MSB, count 0 (= 65536).
  out(0x43, 0x34);
  out(0x40, 0);
  out(0x40, 0);
  // Master PIC: edge-triggered, cascaded, ICW4; vectors 0x08-0x0f; slave on IRQ 2; 8086 mode.
  out(0x20, 0x11);
  out(0x21, 0x08);
  out(0x21, 0x04);
  out(0x21, 0x01);
  // Slave PIC: vectors 0x70-0x77, cascade identity 2.
  out(0xa0, 0x11);
  out(0xa1, 0x70);
  out(0xa1, 0x02);
  out(0xa1, 0x01);
  out(0x21, 0xb8);
  out(0xa1, 0x8e);
  // Serial port detection: THR-empty interrupts on, identify, off again.
  out(0x3f9, 0x02);
  bus.read(0x3f9, 1);
  bus.read(0x3fa, 1);
  out(0x3f9, 0x00);
  // Keyboard controller: read its command byte.
  out(0x64, 0x20);
  bus.read(0x60, 1);
}

/**
 * The GDT and IDT registers as QEMU's multiboot loader leaves them: its GDT (flat
 * 32-bit code at 0x08 and data at 0x10, 16-bit code and data at 0x18 and 0x20) in
 * the option ROM area, and the real-mode interrupt table as the IDT. Multiboot says
 * a kernel must load its own, but a kernel that forgets works under QEMU, and so
 * here. Writes the GDT into guest memory and returns the register values.
 */
export const FIRMWARE_GDT_ADDRESS = 0xcb2b8;
const FIRMWARE_GDT = [0, 0, 0x0000ffff, 0x00cf9a00, 0x0000ffff, 0x00cf9300, 0x0000ffff, 0x00009e00, 0x0000ffff, 0x00009200];

export function writeFirmwareTables(memory: Uint8Array): { gdtBase: number; gdtLimit: number; idtBase: number; idtLimit: number } {
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  FIRMWARE_GDT.forEach((word, i) => view.setUint32(FIRMWARE_GDT_ADDRESS + 4 * i, word, true));
  return { gdtBase: FIRMWARE_GDT_ADDRESS, gdtLimit: FIRMWARE_GDT.length * 4 - 1, idtBase: 0, idtLimit: 0x3ff };
}
