// The CPU-bound work items that cross into worker threads, and the function that
// performs one. Kept apart from worker.ts so that tests and `--jobs 0` can run the
// same code on the main thread.

import { readFileSync } from 'node:fs';
import type { CompileRequest, CompileResult, ReadFile } from '../compile/api.js';
import type { AssembleRequest, AssembleResult, LinkRequest, LinkResult } from '../link/api.js';
import { toolchainNamed } from './toolchains.js';
import { link } from '../link/ld/index.js';

type WithoutReader<T> = Omit<T, 'readFile'>;

export type WorkItem =
  | { kind: 'compile'; toolchain: string; request: WithoutReader<CompileRequest> }
  | { kind: 'assemble'; toolchain: string; request: WithoutReader<AssembleRequest> }
  | { kind: 'link'; request: LinkRequest };

export type WorkResult =
  | { kind: 'compile'; result: CompileResult }
  | { kind: 'assemble'; result: AssembleResult }
  | { kind: 'link'; result: LinkResult };

const readFromDisk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function performWork(item: WorkItem): WorkResult {
  switch (item.kind) {
    case 'compile':
      return { kind: 'compile', result: toolchainNamed(item.toolchain).compile({ ...item.request, readFile: readFromDisk }) };
    case 'assemble':
      return { kind: 'assemble', result: toolchainNamed(item.toolchain).assemble({ ...item.request, readFile: readFromDisk }) };
    case 'link':
      return { kind: 'link', result: link(item.request) };
  }
}
