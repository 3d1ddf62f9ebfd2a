import type { ModuleContext } from '../../platform/module.js';

/** Registers the cases module's routes and realtime topics. */
export function register(ctx: ModuleContext) {
  void ctx;
}
