import React from 'react';
import { Button, Stack } from '@grafana/ui';

/** The admin forms' "Save …" and "Cancel", the save button spinning and disabled while it runs. */
export function SaveButtons({
  label,
  saving,
  onSave,
  onCancel,
}: {
  label: string;
  saving: boolean;
  onSave: () => void;
  onCancel: () => void;
}) {
  return (
    <Stack gap={1}>
      <Button onClick={onSave} disabled={saving} icon={saving ? 'spinner' : 'save'}>
        {label}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </Stack>
  );
}
