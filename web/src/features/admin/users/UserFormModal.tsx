import { Alert, Button, Group, Modal, MultiSelect, PasswordInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../../lib/errors';
import { roles, type Role, type Skill, type User } from '../../auth/types';
import { useCreateUser, useUpdateUser } from './api';
import { useServiceLanguageOptions } from './languages';
import { SkillsEditor } from './SkillsEditor';

interface Props {
  /** Edit this user; without it the form creates a new one. */
  user?: User;
  opened: boolean;
  onClose: () => void;
  onCreated?: (user: User, temporaryPassword?: string) => void;
}

export function UserFormModal({ user, opened, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={user ? t('users.editTitle', { name: user.name }) : t('users.createTitle')} size="lg">
      {opened ? <UserForm user={user} onClose={onClose} onCreated={onCreated} /> : null}
    </Modal>
  );
}

const cleanSkills = (skills: Skill[]) =>
  skills.filter((s) => s.skill.trim()).map((s) => ({ skill: s.skill.trim(), level: Math.min(5, Math.max(1, s.level)) }));

function UserForm({ user, onClose, onCreated }: Omit<Props, 'opened'>) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateUser();
  const update = useUpdateUser(user?.id ?? '');
  const languageOptions = useServiceLanguageOptions();
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [languages, setLanguages] = useState<string[]>(user?.languages ?? []);
  const [skills, setSkills] = useState<Skill[]>(user?.skills ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState('');
  const error = create.error ?? update.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = { name: name.trim(), role, languages, skills: cleanSkills(skills) };
    if (user) {
      update.mutate({ ...common, active }, { onSuccess: onClose });
    } else {
      create.mutate(
        { ...common, email: email.trim(), password: password || undefined },
        {
          onSuccess: (res) => {
            onClose();
            onCreated?.(res.user, res.temporaryPassword);
          },
        },
      );
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        {error ? <Alert color="red" role="alert">{errorMessage(error)}</Alert> : null}
        <TextInput
          label={t('users.fields.email')}
          type="email"
          dir="ltr"
          required
          disabled={Boolean(user)}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        <TextInput dir="auto" label={t('users.fields.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} autoComplete="off" />
        <Select
          label={t('users.fields.role')}
          data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => v && setRole(v as Role)}
          allowDeselect={false}
        />
        <MultiSelect label={t('users.fields.languages')} data={languageOptions} value={languages} onChange={setLanguages} clearable />
        <SkillsEditor skills={skills} onChange={setSkills} />
        {user ? (
          <Switch label={t('users.fields.active')} description={t('users.activeHint')} checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        ) : (
          <PasswordInput
            label={t('users.fields.password')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{user ? t('common.save') : t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
