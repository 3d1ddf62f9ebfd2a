export { identityRoutes } from './routes.js';
export { IdentityService, userView, workspaceView, checkPassword, normaliseEmail, temporaryPassword, type Skill, type UserView } from './service.js';
export { users, workspaces, userSkills, auditLog } from './schema.js';
