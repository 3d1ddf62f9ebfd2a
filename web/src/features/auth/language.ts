import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isUiLanguage, storeLanguage, type UiLanguage } from '../../lib/i18n/languages';
import { useSession, useUpdateMe } from './session';

/** Switches the UI language now, remembers it on this device and, when signed in, on the user. */
export function useChangeLanguage() {
  const { i18n } = useTranslation();
  const { data: session } = useSession();
  const updateMe = useUpdateMe();
  return (code: UiLanguage) => {
    storeLanguage(code);
    void i18n.changeLanguage(code);
    if (session && session.user.uiLanguage !== code) updateMe.mutate({ uiLanguage: code });
  };
}

/** When a user signs in (or the page loads signed in), their saved language wins. */
export function useUserLanguage() {
  const { i18n } = useTranslation();
  const { data: session } = useSession();
  const userId = session?.user.id;
  const saved = session?.user.uiLanguage;
  useEffect(() => {
    if (!userId || !isUiLanguage(saved)) return;
    storeLanguage(saved);
    if (i18n.language !== saved) void i18n.changeLanguage(saved);
    // Only on a new user: later changes come from this tab's own switch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);
}
