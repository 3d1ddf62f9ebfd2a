import type { ModuleContext } from '../../platform/module.js';

/** Registers the customers module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  void ctx;
}
