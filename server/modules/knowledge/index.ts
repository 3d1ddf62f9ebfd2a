import type { ModuleContext } from '../../platform/module.js';
import { knowledgeRoutes } from './routes.js';
import { KnowledgeService } from './service.js';

export { fillVariables, variablesIn } from './domain/variables.js';
export { savedAnswers, scripts, scriptRuns } from './schema.js';

/** Registers saved answers, knowledge snippets and guided scripts. */
export function register(ctx: ModuleContext) {
  knowledgeRoutes(ctx.app, new KnowledgeService(ctx.db, ctx.clock, ctx.audit));
}
