// The ISA I/O port space: 65536 ports, each claimed by at most one device.
// Dispatch is one array lookup. A device that declares itself byte-wide sees a
// 16- or 32-bit access as consecutive byte accesses (little-endian), as the ISA
// bus splits them; unclaimed ports read all ones and ignore writes.

export type IoSize = 1 | 2 | 4;

export interface IoDevice {
  /** The device's name, for listings and error messages. */
  readonly name: string;
  read(port: number, size: IoSize): number;
  write(port: number, size: IoSize, value: number): void;
}

const ALL_ONES = [0, 0xff, 0xffff, 0, 0xffffffff];

export class IoBus {
  private readonly devices: (IoDevice | undefined)[] = new Array(65536).fill(undefined);
  private readonly byteWide = new Uint8Array(65536);

  /** Claims ports first … first+count-1 for `device`. */
  register(first: number, count: number, device: IoDevice, options: { byteWide?: boolean } = {}): void {
    for (let port = first; port < first + count; port++) {
      const owner = this.devices[port];
      if (owner) throw new Error(`I/O port 0x${port.toString(16)} claimed by both ${owner.name} and ${device.name}`);
      this.devices[port] = device;
      this.byteWide[port] = options.byteWide === false ? 0 : 1;
    }
  }

  read(port: number, size: IoSize): number {
    port &= 0xffff;
    const device = this.devices[port];
    if (device === undefined) return size === 1 ? 0xff : this.readSplit(port, size);
    if (size === 1 || this.byteWide[port] === 0) return device.read(port, size);
    return this.readSplit(port, size);
  }

  write(port: number, size: IoSize, value: number): void {
    port &= 0xffff;
    const device = this.devices[port];
    if (size === 1) {
      if (device !== undefined) device.write(port, 1, value & 0xff);
      return;
    }
    if (device !== undefined && this.byteWide[port] === 0) {
      device.write(port, size, size === 2 ? value & 0xffff : value >>> 0);
      return;
    }
    for (let i = 0; i < size; i++) this.write(port + i, 1, value >>> (8 * i));
  }

  private readSplit(port: number, size: IoSize): number {
    let value = 0;
    for (let i = 0; i < size; i++) {
      const p = (port + i) & 0xffff;
      const device = this.devices[p];
      const byte = device === undefined ? 0xff : device.read(p, 1) & 0xff;
      value |= byte << (8 * i);
    }
    return size === 4 ? value >>> 0 : value & ALL_ONES[size]!;
  }
}
