import { IconActivity, IconAlertTriangle, IconBook, IconHeadset, IconListCheck, IconRoute, IconBuilding, IconChartBar, IconDeviceTv, IconMessageQuestion, IconTrophy, IconHome, IconListDetails, IconPlayerPause, IconStack2, IconUsers, IconUsersGroup, type Icon } from '@tabler/icons-react';
import { IconBuildingStore, IconMoodSmile, IconPlugConnected } from '@tabler/icons-react';
import type { Role } from '../auth/types';

export interface NavItem {
  to: string;
  labelKey: string;
  icon: Icon;
  /** Active only on the exact path (for Home). */
  end?: boolean;
}

export interface NavSection {
  key: string;
  labelKey: string;
  roles: Role[];
  items: NavItem[];
}

/**
 * The navigation, by role. Planned sections slot in between "workspace" and "admin" once their screens
 * exist: the agent desktop (agent, supervisor); the wallboard joins "supervision". No dead links meanwhile.
 */
export const navSections: NavSection[] = [
  {
    key: 'workspace',
    labelKey: 'nav.workspace',
    roles: ['admin', 'supervisor', 'agent'],
    items: [
      { to: '/', labelKey: 'nav.home', icon: IconHome, end: true },
      { to: '/desktop', labelKey: 'desktop.nav', icon: IconHeadset },
      { to: '/customers', labelKey: 'nav.customers', icon: IconUsersGroup },
      { to: '/branch', labelKey: 'branchDesk.nav', icon: IconBuildingStore },
      { to: '/scorecard', labelKey: 'reports.scorecard.nav', icon: IconTrophy },
    ],
  },
  {
    key: 'supervision',
    labelKey: 'nav.supervision',
    roles: ['admin', 'supervisor'],
    items: [
      { to: '/supervisor/queues', labelKey: 'nav.queuesAndAgents', icon: IconActivity },
      { to: '/supervisor/escalations', labelKey: 'desktop.inbox.nav', icon: IconAlertTriangle },
      { to: '/supervisor/wallboard', labelKey: 'wallboard.nav', icon: IconDeviceTv },
      { to: '/reports', labelKey: 'reports.nav', icon: IconChartBar, end: true },
      { to: '/reports/reasons', labelKey: 'reports.reasons.nav', icon: IconMessageQuestion },
    ],
  },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    roles: ['admin'],
    items: [
      { to: '/admin/users', labelKey: 'nav.users', icon: IconUsers },
      { to: '/admin/departments', labelKey: 'nav.departments', icon: IconBuilding },
      { to: '/admin/queues', labelKey: 'nav.queues', icon: IconStack2 },
      { to: '/admin/channels', labelKey: 'channelAdmin.nav', icon: IconPlugConnected },
      { to: '/admin/reason-codes', labelKey: 'nav.reasonCodes', icon: IconPlayerPause },
      { to: '/admin/saved-answers', labelKey: 'desktop.admin.answersNav', icon: IconBook },
      { to: '/admin/scripts', labelKey: 'desktop.admin.scriptsNav', icon: IconRoute },
      { to: '/admin/dispositions', labelKey: 'desktop.admin.codesNav', icon: IconListCheck },
      { to: '/admin/surveys', labelKey: 'surveyRules.nav', icon: IconMoodSmile },
      { to: '/admin/audit', labelKey: 'nav.audit', icon: IconListDetails },
    ],
  },
];

export function sectionsFor(role: Role): NavSection[] {
  return navSections.filter((s) => s.roles.includes(role));
}
