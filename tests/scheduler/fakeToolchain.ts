// A tiny, deterministic stand-in toolchain for testing the scheduler and cache on
// their own: "compiling" drops comment lines and inlines `#include "file"` lines
// (reporting them as includes), "assembling" turns text into bytes, "linking"
// concatenates objects. It counts how often each action really ran.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkItem, WorkResult } from '../../src/scheduler/work.js';

export class FakeToolchain {
  readonly ran: string[] = [];

  execute = async (item: WorkItem): Promise<WorkResult> => {
    switch (item.kind) {
      case 'compile': {
        const { file, text } = item.request;
        this.ran.push(`compile ${file}`);
        const includes = [file];
        const lines: string[] = [];
        for (const line of text.split('\n')) {
          const include = /^#include "(.*)"$/.exec(line);
          if (include) {
            const path = join(dirname(file), include[1]);
            includes.push(path);
            lines.push(readFileSync(path, 'utf8').trim());
          } else if (line.startsWith('error')) {
            return { kind: 'compile', result: { diagnostics: [{ severity: 'error', message: 'bad line', location: { file, line: 1, col: 1 } }], includes, inlineExports: [] } };
          } else if (!line.startsWith('//')) {
            lines.push(line);
          }
        }
        const flags = JSON.stringify([item.request.optLevel, item.request.iface?.underlayPrimitives.map((p) => p.name) ?? []]);
        return { kind: 'compile', result: { asm: `${lines.join('\n')}\n${flags}`, diagnostics: [], includes, inlineExports: [] } };
      }
      case 'assemble':
        this.ran.push(`assemble ${item.request.file}`);
        return { kind: 'assemble', result: { object: new TextEncoder().encode(item.request.text), diagnostics: [], includes: [item.request.file] } };
      case 'link': {
        this.ran.push(`link ${item.request.image}`);
        const parts = item.request.layers.flatMap((layer) => layer.modules.map((m) => m.object));
        const size = parts.reduce((n, p) => n + p.length, 0);
        const elf = new Uint8Array(size);
        let offset = 0;
        for (const part of parts) {
          elf.set(part, offset);
          offset += part.length;
        }
        return { kind: 'link', result: { elf, map: `image ${item.request.image}: ${size} bytes\n`, diagnostics: [] } };
      }
    }
  };
}
