// compile_commands.json, so clangd and other editor tooling understand each module
// as layermake compiles it: i386, freestanding, with the layer's include paths.

import type { BuildPlan } from './plan.js';
import { writeIfChanged } from './outputs.js';
import { join } from 'node:path';

export function writeCompileCommands(plan: BuildPlan): string {
  const entries = plan.modules
    .filter((module) => module.language === 'c')
    .map((module) => ({
      directory: plan.projectRoot,
      file: module.source,
      arguments: [
        'cc',
        '-m32',
        '-ffreestanding',
        '-std=c99',
        `-O${module.optLevel}`,
        ...module.includeDirs.map((dir) => `-I${dir}`),
        ...Object.entries(module.defines).map(([name, value]) => (value === undefined ? `-D${name}` : `-D${name}=${value}`)),
        '-c',
        module.source,
      ],
    }));
  const path = join(plan.projectRoot, 'compile_commands.json');
  writeIfChanged(path, Buffer.from(JSON.stringify(entries, null, 2) + '\n'));
  return path;
}
