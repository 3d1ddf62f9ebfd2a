export type DepartmentKind = 'department' | 'team';
export type MemberRole = 'member' | 'lead';

export interface Member {
  userId: string;
  name: string;
  role: MemberRole;
}

export interface Department {
  id: string;
  name: string;
  kind: DepartmentKind;
  description: string | null;
  members: Member[];
}

export interface DepartmentInput {
  name: string;
  kind: DepartmentKind;
  description: string;
}
