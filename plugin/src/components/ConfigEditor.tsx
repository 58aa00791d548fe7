import React, { useMemo } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Divider, Field, Input, SecretInput, Stack, Text } from '@grafana/ui';

import { CollectorApi } from '../api';
import type { ExoOptions, ExoSecureOptions } from '../types';
import { CalendarAdmin } from './CalendarAdmin';
import { TagAdmin } from './TagAdmin';

type Props = DataSourcePluginOptionsEditorProps<ExoOptions, ExoSecureOptions>;
type Secret = keyof ExoSecureOptions;

/** The two tokens the data proxy routes add as bearer headers (plugin.json). */
interface TokenField {
  name: Secret;
  id: string;
  label: string;
  env: string;
  description: string;
}

const TOKEN_FIELDS: TokenField[] = [
  {
    name: 'viewerToken',
    id: 'viewer-token',
    label: 'Viewer token',
    env: 'EXOWATCH_API_TOKEN',
    description: 'EXOWATCH_API_TOKEN: used for every query',
  },
  {
    name: 'adminToken',
    id: 'admin-token',
    label: 'Admin token',
    env: 'EXOWATCH_ADMIN_TOKEN',
    description: 'EXOWATCH_ADMIN_TOKEN: tag and calendar changes only, sent only for Grafana Admins',
  },
];

/** Data source settings (collector URL, viewer and admin tokens), the tag admin and the business calendars. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secure = (options.secureJsonData ?? {}) as ExoSecureOptions;

  const setSecret = (name: Secret, value: string) =>
    onOptionsChange({ ...options, secureJsonData: { ...secure, [name]: value } });
  const resetSecret = (name: Secret) =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [name]: false },
      secureJsonData: { ...secure, [name]: '' },
    });

  const api = useMemo(() => (options.uid ? CollectorApi.forUid(options.uid) : undefined), [options.uid]);

  return (
    <Stack direction="column" gap={2}>
      <Text element="h3">Collector</Text>
      <Field
        label="Collector URL"
        description="As seen from the Grafana server (the data proxy calls it), e.g. http://collector:8090"
        required
      >
        <Input
          id="collector-url"
          aria-label="Collector URL"
          width={50}
          placeholder="http://collector:8090"
          value={jsonData.collectorUrl ?? ''}
          onChange={(e) =>
            onOptionsChange({ ...options, jsonData: { ...jsonData, collectorUrl: e.currentTarget.value.trim() } })
          }
        />
      </Field>
      {TOKEN_FIELDS.map((token) => (
        <Field key={token.name} label={token.label} description={token.description}>
          <SecretInput
            id={token.id}
            aria-label={token.label}
            width={50}
            isConfigured={!!secureJsonFields?.[token.name]}
            value={secure[token.name] ?? ''}
            placeholder={token.env}
            onChange={(e) => setSecret(token.name, e.currentTarget.value)}
            onReset={() => resetSecret(token.name)}
          />
        </Field>
      ))}
      {api && jsonData.collectorUrl ? (
        <>
          <Divider />
          <Text element="h3">Tags</Text>
          <TagAdmin api={api} />
          <Divider />
          <Text element="h3">Business calendars</Text>
          <CalendarAdmin api={api} />
        </>
      ) : (
        <>
          <Divider />
          <Text color="secondary">
            Set the collector URL and tokens, then Save &amp; test to manage tags and business calendars here.
          </Text>
        </>
      )}
    </Stack>
  );
}
