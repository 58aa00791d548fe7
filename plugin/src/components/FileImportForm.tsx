import React, { type ReactNode } from 'react';
import { Button, FileDropzone, Stack, Text, TextArea } from '@grafana/ui';

/** The kind of file an import takes, as the form presents it. */
export interface ImportedFile {
  /** What the file holds and what importing it does. */
  description: string;
  /** File types the drop zone offers, as FileDropzone's `accept` (MIME type → extensions). */
  accept: Record<string, string[]>;
  /** The text area's accessible name. */
  label: string;
  /** An example of the file, shown in the empty text area. */
  example: string;
}

interface Props {
  testId: string;
  title: string;
  file: ImportedFile;
  text: string;
  /** A file dropped or picked, read as text. */
  onFile: (content: string) => void;
  /** The text typed or pasted. */
  onEdit: (text: string) => void;
  onClose: () => void;
  /** The import's own buttons and results, below the text. */
  children: ReactNode;
}

/** The frame of the admin pages' imports (tags CSV, holidays): a title, a drop zone and the pasted text. */
export function FileImportForm({
  testId,
  title,
  file: { description, accept, label, example },
  text,
  onFile,
  onEdit,
  onClose,
  children,
}: Props) {
  return (
    <div data-testid={testId}>
      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h4">{title}</Text>
          <Button size="sm" variant="secondary" onClick={onClose}>
            Close
          </Button>
        </Stack>
        <Text color="secondary">{description}</Text>
        <FileDropzone
          options={{ accept, multiple: false }}
          readAs="readAsText"
          onLoad={(content) => onFile(String(content))}
        />
        <TextArea
          aria-label={label}
          rows={5}
          placeholder={example}
          value={text}
          onChange={(e) => onEdit(e.currentTarget.value)}
        />
        {children}
      </Stack>
    </div>
  );
}
