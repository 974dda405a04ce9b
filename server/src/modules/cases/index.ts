/** The cases module's only door: the case loop of GB/T 30428 (一网统管 事件处置). */
import { allowRoles } from '../identity/index.ts';

export { CasesModule, type CasesDependencies } from './cases.module.ts';
export type { CasesEvents, CaseFact, CaseMove } from './cases.events.ts';
export type { IntakeInput, IntakeResult, PossibleDuplicate } from './case-intake.workflow.ts';
export type { TransitionRequest } from './case-transition.effects.ts';
export type { CaseRow } from './case.repository.ts';
export { CaseFigures } from './case-figures.repository.ts';
export type {
  CasePublicService,
  PublicCase,
  PublicCaseQuery,
  PublicStatus,
  PublicUpdate,
} from './case-public.service.ts';
export {
  caseStages,
  casePriorities,
  caseSources,
  transitions as caseTransitions,
  type CaseAction,
  type CasePriority,
  type CaseSource,
  type CaseStage,
} from './case-workflow.ts';
export { buildComponentId, parseComponentId, isValidComponentId } from './component-id.ts';
export { WARN_TIMER, DUE_TIMER, ESCALATE_TIMER } from './case-deadlines.ts';
export const casesMigrations = {
  module: 'cases',
  dir: new URL('./migrations', import.meta.url).pathname,
};

allowRoles('cases.read', [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'reviewer',
  'system_admin',
]);
allowRoles('cases.report', ['grid_worker', 'acceptor', 'dispatcher', 'commander']);
allowRoles('cases.register', ['acceptor', 'commander']);
allowRoles('cases.dispatch', ['dispatcher', 'commander']);
allowRoles('cases.handle', ['handler']);
allowRoles('cases.handle.grid', ['grid_worker']);
allowRoles('cases.verify', ['grid_worker']);
allowRoles('cases.close', ['acceptor', 'dispatcher', 'commander']);
allowRoles('cases.reopen', ['acceptor', 'commander']);
allowRoles('cases.extension.approve', ['dispatcher', 'commander']);
allowRoles('cases.suspend', ['dispatcher', 'commander']);
allowRoles('cases.supervise', ['commander']);
allowRoles('cases.escalate', ['dispatcher', 'commander']);
allowRoles('cases.contact.read', ['acceptor', 'dispatcher', 'commander']);
allowRoles('cases.evaluate', ['commander', 'acceptor', 'dispatcher', 'system_admin']);
allowRoles('cases.classes.manage', ['system_admin']);
allowRoles('cases.rules.manage', ['system_admin', 'commander']);
allowRoles('cases.settings.manage', ['system_admin']);
