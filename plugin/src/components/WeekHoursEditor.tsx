import React from 'react';
import { Button, Field, IconButton, Input, Stack, Text } from '@grafana/ui';

import type { CalendarOpenRange, CalendarWeekday } from '@exowatch/contract';
import { WEEKDAYS, type DraftProblems } from '../calendars/draft';

interface Props {
  week: Record<CalendarWeekday, CalendarOpenRange[]>;
  /** Problems filed under each weekday. */
  problems: DraftProblems;
  onChange: (week: Record<CalendarWeekday, CalendarOpenRange[]>) => void;
}

/** A range closing at or before it opens runs overnight into the next day (22:00–06:00). */
const overnight = ({ from, to }: CalendarOpenRange) => /^\d\d:\d\d$/.test(from) && /^\d\d:\d\d$/.test(to) && to < from;

/** Opening hours per weekday: several HH:MM ranges a day, overnight ranges allowed, no range = closed. */
export function WeekHoursEditor({ week, problems, onChange }: Props) {
  const setDay = (day: CalendarWeekday, ranges: CalendarOpenRange[]) => onChange({ ...week, [day]: ranges });

  return (
    <div data-testid="week-hours">
      <Text element="h5">Opening hours</Text>
      {WEEKDAYS.map(({ key, label }) => {
        const ranges = week[key];
        const setRange = (i: number, patch: Partial<CalendarOpenRange>) =>
          setDay(
            key,
            ranges.map((r, j) => (j === i ? { ...r, ...patch } : r))
          );
        return (
          <Field key={key} label={label} horizontal invalid={!!problems[key]} error={problems[key]?.join(' · ')}>
            {/* A fragment: Field passes `invalid` to an element child, which a Stack would put on its div. */}
            <>
              <Stack gap={1} alignItems="center" wrap="wrap">
                {ranges.length === 0 && <Text color="secondary">closed</Text>}
                {ranges.map((range, i) => (
                  <Stack key={i} gap={0.5} alignItems="center">
                    <Input
                      aria-label={`${label} range ${i + 1} opens`}
                      width={8}
                      placeholder="09:00"
                      value={range.from}
                      onChange={(e) => setRange(i, { from: e.currentTarget.value.trim() })}
                    />
                    –
                    <Input
                      aria-label={`${label} range ${i + 1} closes`}
                      width={8}
                      placeholder="18:00"
                      value={range.to}
                      onChange={(e) => setRange(i, { to: e.currentTarget.value.trim() })}
                    />
                    {overnight(range) && <Text color="secondary">overnight</Text>}
                    <IconButton
                      name="times"
                      aria-label={`Remove ${label} range ${i + 1}`}
                      onClick={() =>
                        setDay(
                          key,
                          ranges.filter((_, j) => j !== i)
                        )
                      }
                    />
                  </Stack>
                ))}
                <Button
                  size="sm"
                  variant="secondary"
                  icon="plus"
                  aria-label={`Add hours on ${label}`}
                  onClick={() => setDay(key, [...ranges, { from: '', to: '' }])}
                >
                  Hours
                </Button>
              </Stack>
            </>
          </Field>
        );
      })}
    </div>
  );
}
