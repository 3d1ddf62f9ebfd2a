import { Alert, Button, FileButton, List, Modal, Stack, Text } from '@mantine/core';
import { IconDownload, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../lib/errors';
import { useImportCustomers } from './api';
import type { ImportResult } from './types';

const shownErrors = 20;

/** CSV out (a plain download with the session cookie) and CSV in (sent as text/csv). */
export function ImportExport() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const importCsv = useImportCustomers();
  const [result, setResult] = useState<ImportResult | null>(null);

  const onFile = async (file: File | null) => {
    if (!file) return;
    const text = await file.text();
    importCsv.mutate(text, { onSuccess: setResult });
  };

  return (
    <>
      <Button component="a" href="/api/customers/export" download="customers.csv" variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
        {t('customers.export')}
      </Button>
      <FileButton onChange={(f) => void onFile(f)} accept=".csv,text/csv">
        {(props) => (
          <Button {...props} variant="default" loading={importCsv.isPending} leftSection={<IconUpload size={16} aria-hidden />}>
            {t('customers.import')}
          </Button>
        )}
      </FileButton>
      <Modal opened={result !== null || importCsv.isError} onClose={() => { setResult(null); importCsv.reset(); }} title={t('customers.importResult')}>
        {importCsv.error ? <Alert color="red" role="alert">{errorMessage(importCsv.error)}</Alert> : null}
        {result ? (
          <Stack gap="xs">
            <Text>{t('customers.importSummary', { created: result.created, updated: result.updated })}</Text>
            {result.errors.length > 0 ? (
              <>
                <Text c="red">{t('customers.importErrors', { count: result.errors.length })}</Text>
                <List size="sm">
                  {result.errors.slice(0, shownErrors).map((e) => (
                    <List.Item key={`${e.row}-${e.message}`}>{t('customers.importRow', { row: e.row })}: {e.message}</List.Item>
                  ))}
                </List>
              </>
            ) : null}
          </Stack>
        ) : null}
      </Modal>
    </>
  );
}
