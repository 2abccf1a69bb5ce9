import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentStore } from '../../src/cache/store.js';
import { runBuild } from '../../src/scheduler/build.js';
import type { BuildPlan, ModulePlan } from '../../src/scheduler/plan.js';
import type { JobRecord } from '../../src/scheduler/explain.js';
import type { ModuleInterface } from '../../src/graph/moduleInterface.js';
import { FakeToolchain } from './fakeToolchain.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'layermake-sched-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function iface(layer: string, underlay: string[]): ModuleInterface {
  return {
    layer,
    own: [],
    underlayPrimitives: underlay.map((name) => ({ name, definedBy: 'Low' })),
    unreachable: [],
  };
}

/** Two layers: Low (low.c, includes low.h) and High (high.c) over it. */
function project(lowPrimitives = ['get']): BuildPlan {
  const module = (name: string, layer: string, i?: ModuleInterface): ModulePlan => ({
    id: name,
    source: join(dir, name),
    language: 'c',
    layer,
    toolchain: 'fake',
    optLevel: 1,
    includeDirs: [],
    defines: {},
    flags: [],
    iface: i,
    inlineFrom: [],
  });
  return {
    projectRoot: dir,
    buildDir: join(dir, 'build'),
    modules: [module('low.c', 'Low', iface('Low', [])), module('high.c', 'High', iface('High', lowPrimitives))],
    images: [
      {
        name: 'k',
        kind: 'kernel',
        link: {
          image: 'k',
          entry: 'start',
          layers: [
            { name: 'Low', modules: ['low.c'], fresh: lowPrimitives, passThrough: [] },
            { name: 'High', underlay: 'Low', modules: ['high.c'], fresh: [], passThrough: [] },
          ],
        },
        blobs: [],
        elfPath: join(dir, 'build', 'k.elf'),
        mapPath: join(dir, 'build', 'k.map'),
      },
    ],
  };
}

async function build(fake: FakeToolchain, plan = project(), records = new Map<string, JobRecord>()) {
  fake.ran.length = 0;
  const store = new ContentStore(join(dir, 'cache'));
  const events: string[] = [];
  const report = await runBuild(plan, {
    store,
    execute: fake.execute,
    records,
    onEvent: (e) => events.push(`${e.type} ${e.job}${e.reason ? ` (${e.reason})` : ''}`),
  });
  return { report, ran: [...fake.ran], events, store };
}

function writeSources() {
  writeFileSync(join(dir, 'low.h'), 'int low_header;');
  writeFileSync(join(dir, 'low.c'), '#include "low.h"\nint get(void);\n');
  writeFileSync(join(dir, 'high.c'), 'int use(void);\n');
}

describe('scheduler and cache', () => {
  test('a second build with no change runs nothing and keeps the image byte-identical', async () => {
    writeSources();
    const fake = new FakeToolchain();
    const first = await build(fake);
    expect(first.report.ok).toBe(true);
    expect(first.ran.sort()).toEqual(['assemble ' + join(dir, 'high.s'), 'assemble ' + join(dir, 'low.s'), 'compile ' + join(dir, 'high.c'), 'compile ' + join(dir, 'low.c'), 'link k'].sort());
    const image = readFileSync(join(dir, 'build', 'k.elf'));
    const second = await build(fake);
    expect(second.ran).toEqual([]);
    expect(second.report.images[0].changed).toBe(false);
    expect(readFileSync(join(dir, 'build', 'k.elf'))).toEqual(image);
  });

  test('a header change recompiles exactly the module that included it', async () => {
    writeSources();
    const fake = new FakeToolchain();
    const records = new Map<string, JobRecord>();
    await build(fake, project(), records);
    writeFileSync(join(dir, 'low.h'), 'int low_header_changed;');
    const again = await build(fake, project(), records);
    expect(again.ran).toEqual(['compile ' + join(dir, 'low.c'), 'assemble ' + join(dir, 'low.s'), 'link k']);
    expect(again.events).toContain(`done compile low.c (${join(dir, 'low.h')} changed)`);
  });

  test('early cutoff: an edit that leaves the output unchanged reruns nothing downstream', async () => {
    writeSources();
    const fake = new FakeToolchain();
    await build(fake);
    writeFileSync(join(dir, 'low.c'), '#include "low.h"\n// a comment only\nint get(void);\n');
    const again = await build(fake);
    expect(again.ran).toEqual(['compile ' + join(dir, 'low.c')]);
  });

  test('an underlay interface change recompiles the layer above, and says why', async () => {
    writeSources();
    const fake = new FakeToolchain();
    const records = new Map<string, JobRecord>();
    await build(fake, project(['get']), records);
    const again = await build(fake, project(['get', 'put']), records);
    expect(again.ran).toContain('compile ' + join(dir, 'high.c'));
    expect(again.ran).not.toContain('compile ' + join(dir, 'low.c'));
    expect(again.events).toContain('done compile high.c (interface of its underlay changed)');
  });

  test('a flag change misses the cache', async () => {
    writeSources();
    const fake = new FakeToolchain();
    await build(fake);
    const plan = project();
    plan.modules[0].optLevel = 0;
    const again = await build(fake, plan);
    expect(again.ran).toContain('compile ' + join(dir, 'low.c'));
  });

  test('a corrupt cache entry is dropped with a warning and rebuilt', async () => {
    writeSources();
    const fake = new FakeToolchain();
    await build(fake);
    const objects = join(dir, 'cache', 'objects');
    for (const shard of readdirSync(objects)) {
      for (const name of readdirSync(join(objects, shard))) writeFileSync(join(objects, shard, name), 'garbage');
    }
    rmSync(join(dir, 'build'), { recursive: true });
    const again = await build(fake);
    expect(again.report.ok).toBe(true);
    expect(again.report.diagnostics.some((d) => d.severity === 'warning' && /corrupt/.test(d.message))).toBe(true);
    expect(again.ran.length).toBe(5);
    expect(readFileSync(join(dir, 'build', 'k.elf')).length).toBeGreaterThan(0);
  });

  test('a failing compile stops the build, reports its diagnostics and writes no image', async () => {
    writeSources();
    writeFileSync(join(dir, 'high.c'), 'error here\n');
    const fake = new FakeToolchain();
    const result = await build(fake);
    expect(result.report.ok).toBe(false);
    expect(result.report.diagnostics.map((d) => d.message)).toContain('bad line');
    expect(result.ran).not.toContain('link k');
    expect(() => readFileSync(join(dir, 'build', 'k.elf'))).toThrow();
    // failures are not cached: fixing the file builds
    writeFileSync(join(dir, 'high.c'), 'int fixed;\n');
    expect((await build(fake)).report.ok).toBe(true);
  });
});
