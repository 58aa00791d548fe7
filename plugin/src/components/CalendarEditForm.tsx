import React, { useState } from 'react';
import { Alert, Field, Input, Stack, TagsInput, Text } from '@grafana/ui';

import type { CollectorApi } from '../api';
import { checkDraft, placeCollectorProblems, type CalendarDraft, type DraftProblems } from '../calendars/draft';
import { describeError, isProxyError } from '../errors';
import { HolidaysEditor } from './HolidaysEditor';
import { SaveButtons } from './SaveButtons';
import { WeekHoursEditor } from './WeekHoursEditor';

interface Props {
  api: CollectorApi;
  initial: CalendarDraft;
  /** A new calendar asks for its id; an existing one keeps it. */
  isNew: boolean;
  onSaved: (id: string) => void;
  onCancel: () => void;
}

/** The draft's fields typed as text. */
type TextFieldName = 'id' | 'name' | 'timeZone' | 'validFrom';

interface TextFieldSpec extends Pick<React.ComponentProps<typeof Input>, 'id' | 'width' | 'placeholder' | 'type'> {
  label: string;
  description?: string;
  /** What the draft keeps of the typed text (default: all of it). */
  keep?: (typed: string) => string;
}

/** Problems of one field as the error text Grafana's Field shows under it. */
const shown = (problems: string[] | undefined) => (problems ? problems.join(' · ') : undefined);

/**
 * Create a calendar or change one from an effective-from date: name, time zone, opening hours per
 * weekday, holidays and the targets it applies to. Nothing is sent while a field has a problem; the
 * collector's refusals are shown next to the fields they are about.
 */
export function CalendarEditForm({ api, initial, isNew, onSaved, onCancel }: Props) {
  const [draft, setDraft] = useState(initial);
  const [problems, setProblems] = useState<DraftProblems>({});
  const [saving, setSaving] = useState(false);
  const edit = (patch: Partial<CalendarDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = async () => {
    const check = checkDraft(draft);
    if (!check.ok) {
      setProblems(check.problems);
      return;
    }
    setProblems({});
    setSaving(true);
    try {
      await api.putCalendar(check.id, check.body);
      onSaved(check.id);
    } catch (e) {
      const refused = isProxyError(e) && (e.status === 400 || e.status === 409);
      setProblems(refused ? placeCollectorProblems(describeError(e)) : { form: [describeError(e)] });
    } finally {
      setSaving(false);
    }
  };

  const field = (name: keyof DraftProblems) => ({ invalid: !!problems[name], error: shown(problems[name]) });
  /** One text field of the draft, with its problems under it. */
  const textField = (name: TextFieldName, { label, description, keep = (typed) => typed, ...input }: TextFieldSpec) => (
    <Field label={label} description={description} {...field(name)}>
      <Input {...input} value={draft[name]} onChange={(e) => edit({ [name]: keep(e.currentTarget.value) })} />
    </Field>
  );

  return (
    <div data-testid="calendar-edit-form">
      <Stack direction="column" gap={1}>
        <Text element="h4">{isNew ? 'New calendar' : `Calendar ${initial.id}`}</Text>
        <Stack gap={2} wrap="wrap">
          {isNew &&
            textField('id', {
              label: 'Calendar id',
              description: 'Lower-case letters, digits, - and _',
              id: 'calendar-id',
              width: 20,
            })}
          {textField('name', { label: 'Name', id: 'calendar-name', width: 28 })}
          {textField('timeZone', {
            label: 'Time zone',
            description: 'IANA name; opening hours are its wall-clock times',
            id: 'calendar-time-zone',
            width: 24,
            placeholder: 'Asia/Kolkata',
            keep: (typed) => typed.trim(),
          })}
        </Stack>
        <WeekHoursEditor week={draft.week} problems={problems} onChange={(week) => edit({ week })} />
        <HolidaysEditor
          holidays={draft.holidays}
          problems={problems.holidays}
          onChange={(holidays) => edit({ holidays })}
        />
        <Stack gap={2} wrap="wrap">
          <Field
            label="Applies to"
            description="team:<team tag value>, an ExoPhone (+91…), flow:<flow id> or default (press Enter after each)"
            {...field('targets')}
          >
            <TagsInput
              id="calendar-targets"
              width={60}
              placeholder="team:support"
              addOnBlur
              tags={draft.targets}
              onChange={(targets) => edit({ targets })}
            />
          </Field>
          {textField('validFrom', {
            label: 'Effective from',
            description: "Empty: now. From midnight in the calendar's time zone; earlier figures keep the old hours.",
            id: 'calendar-valid-from',
            type: 'date',
            width: 18,
          })}
        </Stack>
        {problems.form && (
          <Alert severity="error" title="Calendar not saved">
            {shown(problems.form)}
          </Alert>
        )}
        <SaveButtons label="Save calendar" saving={saving} onSave={save} onCancel={onCancel} />
      </Stack>
    </div>
  );
}
