import type { ModuleContext } from '../../platform/module.js';
import { customerRoutes } from './routes.js';
import { CustomerService } from './service.js';

export { CustomerService, customerView, orderView, type Actor, type CustomerView, type IdentityInput } from './service.js';
export { normaliseIdentity, normalisePhone, normaliseEmail, searchValues } from './domain/identity.js';
export { customers, customerIdentities, orders, customerNotes, identityKinds, type IdentityKind, type OrderItem } from './schema.js';

/**
 * The customer service for other modules (channels, interactions, cases): it holds no state, so each
 * module may make its own from its context, e.g. `customerService(ctx).findOrCreateByIdentity(...)`.
 */
export const customerService = (ctx: Pick<ModuleContext, 'db' | 'bus' | 'clock' | 'audit'>) => new CustomerService(ctx.db, ctx.bus, ctx.clock, ctx.audit);

/** Registers the customers module's routes and realtime topics; returns its service. */
export function register(ctx: ModuleContext): CustomerService {
  const svc = customerService(ctx);
  // Any staff member of the workspace may follow a customer; the hub already scopes topics by workspace.
  ctx.hub.allow('customer', () => true);
  customerRoutes(ctx.app, svc, ctx.db);
  return svc;
}
