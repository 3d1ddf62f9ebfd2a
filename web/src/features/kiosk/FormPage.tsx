import { Alert, Anchor, Button, Center, FileInput, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconPaperclip } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useErrorMessage } from '../../lib/errors';
import { submitForm, usePublicForm, type PublicForm } from './api';
import { PublicShell, usePublicLanguage } from './PublicShell';

/** The public complaint and suggestion form of a workspace (`/f/:key`). */
export function FormPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const form = usePublicForm(key);
  usePublicLanguage(form.data?.language);
  if (form.isPending) return <Center mih="60vh"><Loader aria-label={t('common.loading')} /></Center>;
  if (form.error || !form.data) {
    return <PublicShell title={t('publicForm.title')}><Alert color="yellow" role="alert">{t('publicForm.notFound')}</Alert></PublicShell>;
  }
  return (
    <PublicShell title={form.data.title || form.data.name}>
      <FormBody formKey={key} form={form.data} />
    </PublicShell>
  );
}

function FormBody({ formKey, form }: { formKey: string; form: PublicForm }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [type, setType] = useState<string>(form.types[0] ?? 'complaint');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [orderNumber, setOrderNumber] = useState('');
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [touched, setTouched] = useState(false);
  const send = useMutation({
    mutationFn: () => submitForm(formKey, { type, name: name.trim(), email: email.trim(), phone: phone.trim(), orderNumber: orderNumber.trim(), message: message.trim(), language: i18n.language }, files),
  });
  const contactMissing = !email.trim() && !phone.trim();
  const problems = { name: !name.trim(), message: !message.trim(), contact: contactMissing };

  if (send.data) {
    const done = send.data;
    return (
      <Paper withBorder p="xl" radius="md" role="status" data-testid="form-done">
        <Stack align="center" gap="sm" ta="center">
          <IconCircleCheck size={48} color="var(--mantine-color-green-6)" aria-hidden />
          <Title order={2} size="h3">{t('publicForm.thanks')}</Title>
          <Text>{t('publicForm.referenceIs')}</Text>
          <Text fz={32} fw={700} dir="ltr" data-testid="form-reference">#{done.reference}</Text>
          <Text size="sm" c="dimmed">{t('publicForm.keepReference')}</Text>
          {done.refusedFiles.length ? (
            <Alert color="yellow">{t('publicForm.filesRefused', { files: done.refusedFiles.map((f) => f.fileName).join(', ') })}</Alert>
          ) : null}
          <Anchor component={Link} to={done.statusUrl} data-testid="status-link">{t('publicForm.followStatus')}</Anchor>
        </Stack>
      </Paper>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problems.name || problems.message || problems.contact) return;
    send.mutate();
  };

  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={submit} noValidate aria-label={form.title || form.name}>
        <Stack gap="md">
          {form.intro ? <Text dir="auto">{form.intro}</Text> : <Text c="dimmed">{t('publicForm.intro')}</Text>}
          {form.types.length > 1 ? (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="form-type-label">{t('publicForm.type')}</Text>
              <SegmentedControl
                aria-labelledby="form-type-label"
                value={type}
                onChange={setType}
                data={form.types.map((x) => ({ value: x, label: t(`caseTypes.${x}`) }))}
                fullWidth
              />
            </Stack>
          ) : null}
          <TextInput dir="auto" label={t('publicForm.name')} required autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={touched && problems.name ? t('publicForm.required') : undefined} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput dir="ltr" type="email" label={t('publicForm.email')} autoComplete="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={touched && problems.contact ? t('publicForm.contactNeeded') : undefined} />
            <TextInput dir="ltr" type="tel" label={t('publicForm.phone')} autoComplete="tel" value={phone} onChange={(e) => setPhone(e.currentTarget.value)} />
          </SimpleGrid>
          {form.askOrderNumber ? (
            <TextInput dir="ltr" label={t('publicForm.orderNumber')} description={t('publicForm.orderHint')} value={orderNumber} onChange={(e) => setOrderNumber(e.currentTarget.value)} />
          ) : null}
          <Textarea dir="auto" label={t('publicForm.message')} required autosize minRows={5} maxLength={10000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={touched && problems.message ? t('publicForm.required') : undefined} />
          {form.allowAttachments ? (
            <FileInput
              multiple
              clearable
              label={t('publicForm.files')}
              description={t('publicForm.filesHint', { count: form.maxFiles, mb: form.maxFileMb })}
              leftSection={<IconPaperclip size={16} aria-hidden />}
              accept={form.fileTypes.join(',')}
              value={files}
              onChange={(f) => setFiles((f ?? []).slice(0, form.maxFiles))}
              data-testid="form-files"
            />
          ) : null}
          {send.error ? <Alert color="red" role="alert">{send.error instanceof ApiError && send.error.status === 429 ? t('publicForm.tooMany') : errorMessage(send.error)}</Alert> : null}
          <Button type="submit" size="md" loading={send.isPending}>{t('publicForm.submit')}</Button>
        </Stack>
      </form>
    </Paper>
  );
}
