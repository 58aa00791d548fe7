import React from 'react';
import { Button, Field, IconButton, Input, Stack, Text } from '@grafana/ui';

import type { HolidayDraft } from '../calendars/draft';

interface Props {
  holidays: HolidayDraft[];
  problems?: string[];
  onChange: (holidays: HolidayDraft[]) => void;
}

/** Closed dates of a calendar: a whole day, or with from/to only that part of it (a half day). */
export function HolidaysEditor({ holidays, problems, onChange }: Props) {
  const setHoliday = (i: number, patch: Partial<HolidayDraft>) =>
    onChange(holidays.map((h, j) => (j === i ? { ...h, ...patch } : h)));

  return (
    <div data-testid="holidays">
      <Field
        label="Holidays"
        description="Leave from and to empty for the whole day; with them only that part of the day is closed."
        invalid={!!problems}
        error={problems?.join(' · ')}
      >
        {/* A fragment: Field passes `invalid` to an element child, which a Stack would put on its div. */}
        <>
          <Stack direction="column" gap={0.5}>
            {holidays.length === 0 && <Text color="secondary">No holidays.</Text>}
            {holidays.map((h, i) => (
              <Stack key={i} gap={0.5} alignItems="center">
                <Input
                  aria-label={`Holiday ${i + 1} date`}
                  type="date"
                  width={18}
                  value={h.date}
                  onChange={(e) => setHoliday(i, { date: e.currentTarget.value })}
                />
                <Input
                  aria-label={`Holiday ${i + 1} name`}
                  width={24}
                  placeholder="name"
                  value={h.name}
                  onChange={(e) => setHoliday(i, { name: e.currentTarget.value })}
                />
                <Input
                  aria-label={`Holiday ${i + 1} from`}
                  width={10}
                  placeholder="whole day"
                  value={h.from}
                  onChange={(e) => setHoliday(i, { from: e.currentTarget.value.trim() })}
                />
                –
                <Input
                  aria-label={`Holiday ${i + 1} to`}
                  width={10}
                  placeholder="whole day"
                  value={h.to}
                  onChange={(e) => setHoliday(i, { to: e.currentTarget.value.trim() })}
                />
                <IconButton
                  name="times"
                  aria-label={`Remove holiday ${i + 1}`}
                  onClick={() => onChange(holidays.filter((_, j) => j !== i))}
                />
              </Stack>
            ))}
            <div>
              <Button
                size="sm"
                variant="secondary"
                icon="plus"
                onClick={() => onChange([...holidays, { date: '', name: '', from: '', to: '' }])}
              >
                Add holiday
              </Button>
            </div>
          </Stack>
        </>
      </Field>
    </div>
  );
}
