import type { ModuleContext } from '../../platform/module.js';

/** Registers the departments module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  void ctx;
}
