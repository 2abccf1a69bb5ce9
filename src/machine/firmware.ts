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
