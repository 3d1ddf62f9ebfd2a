import { ActionIcon, Autocomplete, Button, Fieldset, Group, NumberInput, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../users/api';
import type { QueueDraft } from './draft';
import type { SectionProps } from './form';

/** Skills people have, for suggestions; any other text is allowed too. */
function useKnownSkills(): string[] {
  const users = useUsers('');
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage } = users;
  const pages = data?.pages.length ?? 0;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && pages < 10) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, pages, fetchNextPage]);
  return useMemo(
    () => [...new Set((data?.pages ?? []).flatMap((p) => p.items).flatMap((u) => u.skills.map((s) => s.skill)))].sort(),
    [data],
  );
}

/** The skills (with a minimum level) an agent needs to be offered this queue's contacts. */
export function RequiredSkillsField({ draft, set }: SectionProps) {
  const { t } = useTranslation();
  const skills = useKnownSkills();
  const setSkill = (i: number, patch: Partial<QueueDraft['requiredSkills'][number]>) =>
    set('requiredSkills', draft.requiredSkills.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <Fieldset legend={t('queues.fields.requiredSkills')}>
      <Stack gap={6}>
        {draft.requiredSkills.length === 0 ? <Text size="sm" c="dimmed">{t('queues.noSkills')}</Text> : null}
        {draft.requiredSkills.map((s, i) => (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
            <Autocomplete
              label={t('queues.skill.name')}
              data={skills}
              value={s.skill}
              onChange={(v) => setSkill(i, { skill: v })}
              style={{ flex: 1 }}
            />
            <NumberInput
              label={t('queues.skill.minLevel')}
              min={1}
              max={5}
              clampBehavior="strict"
              allowDecimal={false}
              value={s.minLevel}
              onChange={(v) => setSkill(i, { minLevel: typeof v === 'number' ? v : Number(v) || 1 })}
              w={130}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={2}
              aria-label={t('queues.skill.remove', { skill: s.skill || i + 1 })}
              onClick={() => set('requiredSkills', draft.requiredSkills.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => set('requiredSkills', [...draft.requiredSkills, { skill: '', minLevel: 1 }])}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('queues.skill.add')}
        </Button>
      </Stack>
    </Fieldset>
  );
}
