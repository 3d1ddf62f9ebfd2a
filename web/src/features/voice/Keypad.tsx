import { Button, SimpleGrid } from '@mantine/core';
import { useEffect } from 'react';
import { useVoiceTranslation } from './i18n';
import { dtmfKeys } from './media';

/**
 * The 12-key telephone keypad. Digits keep their telephone order in every language (the grid is always
 * laid out left to right); the keyboard's digits, * and # press the keys too while `keyboard` is on.
 */
export function Keypad({ onPress, disabled, keyboard = false, size = 'md' }: { onPress: (key: string) => void; disabled?: boolean; keyboard?: boolean; size?: 'sm' | 'md' }) {
  const { t } = useVoiceTranslation();
  useEffect(() => {
    if (!keyboard || disabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if ((dtmfKeys as readonly string[]).includes(e.key)) {
        e.preventDefault();
        onPress(e.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, disabled, onPress]);
  return (
    <SimpleGrid cols={3} spacing="xs" dir="ltr" role="group" aria-label={t('voice.keypad')} data-testid="keypad" maw={size === 'sm' ? 180 : 260}>
      {dtmfKeys.map((k) => (
        <Button key={k} variant="default" size={size === 'sm' ? 'sm' : 'lg'} fz={size === 'sm' ? 'md' : 'xl'} disabled={disabled} onClick={() => onPress(k)} aria-label={t('voice.keyLabel', { key: k })} data-key={k}>
          {k}
        </Button>
      ))}
    </SimpleGrid>
  );
}
