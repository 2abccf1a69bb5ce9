// `layermake boot NAME`: build a Layerfile image (or test image) through the build
// engine, then hand its ELF and its boot settings (memory, expected output,
// timeout) to the emulator. Build progress goes to stderr so that stdout carries
// only the guest's console.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { GlobalOptions } from './options.js';
import { loadProjectOrExit } from './project.js';
import { EXIT_CONFIG, EXIT_FAILURE, printDiagnostics } from './exit.js';
import { WorkerPool } from '../scheduler/pool.js';
import { buildProject, unknownImages } from '../scheduler/session.js';

export interface BootTarget {
  elf: Uint8Array;
  name: string;
  memoryBytes: number;
  expect?: string;
  timeoutSeconds?: number;
}

/** Builds the named image (default: the Layerfile's default image); returns it or an exit status. */
export async function buildBootTarget(options: GlobalOptions, name: string | undefined): Promise<BootTarget | number> {
  const { project, graph } = loadProjectOrExit(options);
  const imageName = name ?? project.defaultImage;
  if (!imageName) {
    process.stderr.write('layermake boot: error: the Layerfile names no default-image; say which image to boot\n');
    return EXIT_CONFIG;
  }
  if (unknownImages(project, graph, [imageName]).length) {
    const known = [...project.images.keys(), ...graph.testImages().map((t) => t.name)];
    process.stderr.write(`layermake boot: error: '${imageName}' is neither a file nor an image of the Layerfile (images: ${known.join(', ')})\n`);
    return EXIT_CONFIG;
  }
  const image = project.images.get(imageName) ?? graph.testImages().find((t) => t.name === imageName);
  if (!image) {
    process.stderr.write(`layermake boot: error: '${imageName}' is a user program, not a bootable image\n`);
    return EXIT_CONFIG;
  }
  const pool = new WorkerPool(options.jobs);
  try {
    const started = performance.now();
    const result = await buildProject(project, graph, pool, { images: [imageName] });
    printDiagnostics(result.diagnostics, options.json);
    if (!result.ok) {
      process.stderr.write('layermake boot: the build failed; nothing to boot\n');
      return EXIT_FAILURE;
    }
    const built = result.plan.images.find((i) => i.name === imageName)!;
    const ran = [...result.status.values()].filter((s) => s === 'done').length;
    if (!options.json) {
      process.stderr.write(
        `layermake: built ${relative(process.cwd(), built.elfPath)} in ${((performance.now() - started) / 1000).toFixed(2)}s (${ran} jobs ran); booting\n`,
      );
    }
    return {
      elf: readFileSync(built.elfPath),
      name: imageName,
      memoryBytes: image.memory,
      expect: image.boot?.expect,
      timeoutSeconds: image.boot?.timeout,
    };
  } finally {
    await pool.close();
  }
}
