import { Anchor, Card, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { forwardRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type Page } from '../../lib/api';
import type { Customer } from '../customers/types';

type CaseHit = { id: string; number: number; subject: string; customerId: string };

/** One search box across customers (name, phone, email, order number), the best match's contacts and cases, and cases by number. */
export const DesktopSearch = forwardRef<HTMLInputElement>(function DesktopSearch(_props, ref) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [term] = useDebouncedValue(q.trim(), 250);
  const results = useQuery({
    queryKey: ['desktop', 'search', term],
    enabled: term.length >= 2,
    queryFn: async ({ signal }) => {
      const number = /^#?(\d+)$/.exec(term)?.[1];
      const [people, byNumber] = await Promise.all([
        api<Page<Customer>>('/customers', { query: { q: term, limit: 5 }, signal }),
        number ? api<{ case: CaseHit }>(`/cases/by-number/${number}`, { signal }).then((r) => [r.case]).catch(() => [] as CaseHit[]) : Promise.resolve([] as CaseHit[]),
      ]);
      const first = people.items[0];
      const [contacts, cases] = first
        ? await Promise.all([
          api<Page<{ id: string; channel: string; status: string; createdAt: string; customerId: string }>>('/interactions', { query: { customerId: first.id, limit: 5 }, signal }).then((p) => p.items),
          api<Page<CaseHit>>('/cases', { query: { customerId: first.id, limit: 5 }, signal }).then((p) => p.items),
        ])
        : [[], []];
      return { people: people.items, cases: [...byNumber, ...cases.filter((c) => !byNumber.some((b) => b.id === c.id))], contacts };
    },
  });
  const r = results.data;
  return (
    <div style={{ position: 'relative' }}>
      <TextInput ref={ref} size="xs" w={260} type="search" placeholder={t('desktop.searchPlaceholder')} aria-label={t('desktop.search')} value={q}
        onChange={(e) => setQ(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && setQ('')} data-testid="desktop-search" />
      {term.length >= 2 && r ? (
        <Card withBorder shadow="md" padding="xs" style={{ position: 'absolute', insetInlineEnd: 0, top: '100%', zIndex: 20, width: 340 }} data-testid="search-results">
          <Stack gap={4}>
            <Text size="xs" fw={700}>{t('desktop.customers')}</Text>
            {r.people.map((c) => <Anchor key={c.id} size="sm" component={Link} to={`/customers/${c.id}`}><bdi>{c.name}</bdi></Anchor>)}
            {!r.people.length ? <Text size="xs" c="dimmed">{t('desktop.nothing')}</Text> : null}
            <Text size="xs" fw={700}>{t('desktop.contacts')}</Text>
            {r.contacts.map((i) => (
              <Text key={i.id} size="sm">{t(`channels.${i.channel}`, { defaultValue: i.channel })} · {t(`interactionStatuses.${i.status}`, { defaultValue: i.status })} · {new Date(i.createdAt).toLocaleDateString()}</Text>
            ))}
            {!r.contacts.length ? <Text size="xs" c="dimmed">{t('desktop.nothing')}</Text> : null}
            <Text size="xs" fw={700}>{t('desktop.cases')}</Text>
            {r.cases.map((c) => <Anchor key={c.id} size="sm" component={Link} to={`/customers/${c.customerId}`}>#{c.number} <bdi>{c.subject}</bdi></Anchor>)}
            {!r.cases.length ? <Text size="xs" c="dimmed">{t('desktop.nothing')}</Text> : null}
          </Stack>
        </Card>
      ) : null}
    </div>
  );
});
