// The toolchains layermake knows. "layermake" is its own compiler and assembler.

import { compileModule } from '../compile/index.js';
import { assemble } from '../link/asm/index.js';
import type { Toolchain } from './toolchain.js';
import { VERSION } from '../version.js';

const layermake: Toolchain = {
  name: 'layermake',
  version: `layermake ${VERSION}`,
  compile: compileModule,
  assemble,
};

const toolchains = new Map<string, Toolchain>([[layermake.name, layermake]]);

export function toolchainNamed(name: string): Toolchain {
  const toolchain = toolchains.get(name);
  if (!toolchain) throw new Error(`unknown toolchain '${name}' (known: ${[...toolchains.keys()].join(', ')})`);
  return toolchain;
}

export function registerToolchain(toolchain: Toolchain): void {
  toolchains.set(toolchain.name, toolchain);
}
