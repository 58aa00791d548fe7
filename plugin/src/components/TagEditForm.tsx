import React, { useState } from 'react';
import { Alert, Combobox, Field, Input, Stack } from '@grafana/ui';

import type { CollectorApi } from '../api';
import { describeError } from '../errors';
import { effectiveFrom } from '../tags/dates';
import { keyProblem, normaliseTarget } from '../tags/target';
import { SaveButtons } from './SaveButtons';

interface Props {
  api: CollectorApi;
  /** Fixed when editing a row's tag; empty for a new target. */
  target: string;
  tagKey?: string;
  value?: string;
  knownKeys: string[];
  /** Keys the collector refuses (its built-in dimensions). */
  reservedKeys: string[];
  onSaved: () => void;
  onCancel: () => void;
}

/** Add or change one tag of a number or flow from an effective-from date (the old value stays in history). */
export function TagEditForm({
  api,
  target: initialTarget,
  tagKey,
  value: initialValue,
  knownKeys,
  reservedKeys,
  onSaved,
  onCancel,
}: Props) {
  const [target, setTarget] = useState(initialTarget);
  const [key, setKey] = useState(tagKey ?? '');
  const [value, setValue] = useState(initialValue ?? '');
  const [from, setFrom] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const normalised = normaliseTarget(target);
    const problem =
      (normalised === null ? `"${target}" is neither a phone number (+91…, 0…) nor flow:<flow_id>` : null) ??
      keyProblem(key, reservedKeys) ??
      (value.trim() === '' ? 'the value is empty' : null);
    if (problem || normalised === null) {
      setError(problem ?? undefined);
      return;
    }
    setSaving(true);
    try {
      await api.setTag(normalised, key, value.trim(), effectiveFrom(from));
      onSaved();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="tag-edit-form">
      <Stack gap={2} alignItems="flex-end" wrap="wrap">
        <Field label="Number or flow" description="+91…, 0… or flow:<id>">
          <Input
            aria-label="Target"
            width={22}
            value={target}
            disabled={initialTarget !== ''}
            onChange={(e) => setTarget(e.currentTarget.value)}
          />
        </Field>
        <Field label="Tag key" description="team, region, group, ...">
          <Combobox
            aria-label="Tag key"
            data-testid="tag-key"
            width={18}
            options={knownKeys.map((k) => ({ label: k, value: k }))}
            value={key || null}
            createCustomValue
            disabled={tagKey !== undefined}
            onChange={(o) => setKey(o.value)}
          />
        </Field>
        <Field label="Value">
          <Input aria-label="Tag value" width={20} value={value} onChange={(e) => setValue(e.currentTarget.value)} />
        </Field>
        <Field label="Effective from" description="Empty: now. Earlier figures keep the old value.">
          <Input
            aria-label="Effective from"
            type="date"
            width={18}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
        </Field>
        <Field label="">
          <SaveButtons label="Save tag" saving={saving} onSave={save} onCancel={onCancel} />
        </Field>
      </Stack>
      {error && (
        <Alert severity="error" title="Tag not saved">
          {error}
        </Alert>
      )}
    </div>
  );
}
