import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import type { DataSource } from '../datasource';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';

describe('AnnotationQueryEditor', () => {
  it('chooses which collector events to show', async () => {
    const onChange = jest.fn();
    render(
      <AnnotationQueryEditor
        datasource={{} as DataSource}
        query={{ refId: 'Anno', metric: '', queryType: 'annotations', annotationKinds: [] }}
        onChange={onChange}
        onRunQuery={jest.fn()}
      />
    );
    fireEvent.click(screen.getByTestId('annotation-kinds'));
    fireEvent.click(await screen.findByRole('option', { name: /^ExoPhone incidents/ }));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ queryType: 'annotations', annotationKinds: ['incident'] })
    );
  });
});
