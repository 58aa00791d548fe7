import type { CollectorAnnotation } from '@exowatch/contract';
import { annotationFrame } from './events';

const list: CollectorAnnotation[] = [
  { time: 1, timeEnd: 5, title: 'ExoPhone +91 incoming affected', text: 'ongoing', tags: ['incident', 'incoming'] },
  { time: 2, timeEnd: 3, title: 'Heartbeat silence', text: 'No heartbeat', tags: ['heartbeat-silence'] },
];

describe('annotationFrame', () => {
  it('keeps the chosen kinds as region events', () => {
    const frame = annotationFrame('Anno', list, ['incident']);
    expect(frame.refId).toBe('Anno');
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'timeEnd', 'title', 'text', 'tags']);
    expect(frame.fields[0].values).toEqual([1]);
    expect(frame.fields[4].values).toEqual([['incident', 'incoming']]);
  });

  it('keeps everything when no kind is chosen', () => {
    expect(annotationFrame('Anno', list, []).length).toBe(2);
  });
});
