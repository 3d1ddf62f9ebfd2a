import type { ModuleContext } from '../../platform/module.js';
import { departmentRoutes } from './routes.js';
import { DepartmentService } from './service.js';

export { DepartmentService, departmentInWorkspace, type DepartmentView } from './service.js';
export { departments, departmentMembers } from './schema.js';

/** Registers the departments module's routes. */
export function register(ctx: ModuleContext) {
  departmentRoutes(ctx.app, new DepartmentService(ctx.db, ctx.audit));
}
