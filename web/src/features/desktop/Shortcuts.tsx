import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The desktop's keyboard shortcuts, in one list used by the handler and the `?` overlay. */
export const shortcuts = [
  { keys: ['Alt', '1…9'], action: 'tab' },
  { keys: ['Alt', 'R'], action: 'reply' },
  { keys: ['Alt', 'N'], action: 'note' },
  { keys: ['/'], action: 'answers' },
  { keys: ['@'], action: 'mention' },
  { keys: ['Ctrl', 'Enter'], action: 'send' },
  { keys: ['Alt', 'T'], action: 'transfer' },
  { keys: ['Alt', 'E'], action: 'escalate' },
  { keys: ['Alt', 'C'], action: 'case' },
  { keys: ['Alt', 'W'], action: 'end' },
  { keys: ['Alt', 'K'], action: 'search' },
  { keys: ['Enter'], action: 'accept' },
  { keys: ['Esc'], action: 'reject' },
  { keys: ['?'], action: 'help' },
] as const;

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('desktop.shortcuts.title')} data-testid="shortcuts-help">
      <Stack gap={6}>
        {shortcuts.map((s) => (
          <Group key={s.action} justify="space-between">
            <Text size="sm">{t(`desktop.shortcuts.${s.action}`)}</Text>
            <Group gap={4} dir="ltr">{s.keys.map((k) => <Kbd key={k}>{k}</Kbd>)}</Group>
          </Group>
        ))}
      </Stack>
    </Modal>
  );
}
