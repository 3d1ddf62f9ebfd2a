import type { ModuleContext } from '../platform/module.js';

/** Registers every domain module; each exposes one `register` through its index.ts. */
export function registerModules(ctx: ModuleContext) {
  void ctx;
}
