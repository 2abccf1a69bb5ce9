// A build plan: what the scheduler builds, derived from the layer graph by
// planFromProject (src/scheduler/fromGraph.ts). It is plain data with absolute
// paths, so that jobs, cache keys and compile_commands.json all read from it.

import type { ModuleInterface } from '../graph/moduleInterface.js';
import type { LinkRequest } from '../link/api.js';

export interface ModulePlan {
  /** Unique id, the project-relative source path (e.g. "kernels/mcertikos/mm/MALOp/MALOp.c"). */
  id: string;
  /** Absolute path of the source. */
  source: string;
  language: 'c' | 'asm';
  /** The layer it belongs to (or a program's name). */
  layer: string;
  toolchain: string;
  optLevel: 0 | 1;
  includeDirs: string[];
  defines: Record<string, string | undefined>;
  /** Extra flags as the user wrote them (for compile_commands.json and the cache key). */
  flags: string[];
  /** The interface the layer discipline checks it against (absent for user programs). */
  iface?: ModuleInterface;
  /** Ids of modules whose inlinable primitive bodies this module's compile needs. */
  inlineFrom: string[];
}

export interface LinkLayerPlan extends Omit<LinkRequest['layers'][number], 'modules'> {
  /** Module ids, in link order. */
  modules: string[];
}

export interface ImagePlan {
  name: string;
  kind: 'kernel' | 'program';
  link: Omit<LinkRequest, 'layers' | 'blobs'> & { layers: LinkLayerPlan[] };
  /** Programs (other ImagePlans of kind 'program') embedded as blobs. */
  blobs: string[];
  /** Absolute output paths. */
  elfPath: string;
  mapPath: string;
}

export interface BuildPlan {
  projectRoot: string;
  buildDir: string;
  modules: ModulePlan[];
  images: ImagePlan[];
  /**
   * The module's interface with `unreachable` filled in, for a compile that really
   * runs (ModulePlan.iface leaves it empty: it is costly and only words errors).
   */
  fullInterface?: (module: ModulePlan) => ModuleInterface | undefined;
}
