export type Role = 'admin' | 'supervisor' | 'agent';

export interface Skill {
  skill: string;
  level: number;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  uiLanguage: string | null;
  languages: string[];
  skills: Skill[];
  active: boolean;
  createdAt: string;
}

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  timezone: string;
  defaultLanguage: string;
}

export interface Session {
  user: User;
  workspace: Workspace;
  csrfToken: string;
}

export const roles: Role[] = ['admin', 'supervisor', 'agent'];
