import { ActionIcon, Button, Group, Input, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Skill } from '../../auth/types';

/** Routing skills with a proficiency level from 1 (basic) to 5 (expert). */
export function SkillsEditor({ skills, onChange }: { skills: Skill[]; onChange: (skills: Skill[]) => void }) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<Skill>) =>
    onChange(skills.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  return (
    <Stack gap={6} role="group" aria-labelledby="skills-label">
      <Input.Label labelElement="div" id="skills-label">{t('users.fields.skills')}</Input.Label>
      {skills.length === 0 ? <Text size="xs" c="dimmed">{t('users.noSkills')}</Text> : null}
      {skills.map((skill, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
          <TextInput
            label={t('users.skill.name')}
            placeholder={t('users.skill.placeholder')}
            value={skill.skill}
            onChange={(e) => set(i, { skill: e.currentTarget.value })}
            style={{ flex: 1 }}
          />
          <NumberInput
            label={t('users.skill.level')}
            min={1}
            max={5}
            clampBehavior="strict"
            allowDecimal={false}
            value={skill.level}
            onChange={(v) => set(i, { level: typeof v === 'number' ? v : Number(v) || 1 })}
            w={110}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            mb={2}
            aria-label={t('users.skill.remove', { skill: skill.skill || i + 1 })}
            onClick={() => onChange(skills.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        size="xs"
        leftSection={<IconPlus size={14} aria-hidden />}
        onClick={() => onChange([...skills, { skill: '', level: 3 }])}
        style={{ alignSelf: 'flex-start' }}
      >
        {t('users.skill.add')}
      </Button>
    </Stack>
  );
}
