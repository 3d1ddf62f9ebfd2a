import type { ModuleContext } from '../../platform/module.js';
import { customerRoutes } from './routes.js';
import { CustomerService } from './service.js';

export { CustomerService, customerView, orderView, type Actor, type CustomerView, type IdentityInput } from './service.js';
export { normaliseIdentity, normalisePhone, normaliseEmail } from './domain/identity.js';
export { customers, customerIdentities, orders, customerNotes, identityKinds, type IdentityKind, type OrderItem } from './schema.js';

/** Registers the customers module's routes and realtime topics; returns the service other modules use. */
export function register(ctx: ModuleContext): CustomerService {
  const svc = new CustomerService(ctx.db, ctx.bus, ctx.clock, ctx.audit);
  // Any staff member of the workspace may follow a customer; the hub already scopes topics by workspace.
  ctx.hub.allow('customer', () => true);
  customerRoutes(ctx.app, svc, ctx.db);
  return svc;
}
