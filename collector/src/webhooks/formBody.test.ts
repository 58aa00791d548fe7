import { WebhookInputError } from '../inputError';
import { parseMultipartBody } from './formBody';

/** A multipart body exactly as an HTTP client (here Node's fetch) encodes a FormData. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

describe('parseMultipartBody', () => {
  it('reads text fields, first value of a repeated name kept', async () => {
    const form = new FormData();
    form.append('CallSid', 'c1');
    form.append('Legs[0][OnCallDuration]', '41');
    form.append('CallSid', 'c2');
    const { body, contentType } = await encode(form);
    expect(await parseMultipartBody(body, contentType, {})).toEqual({
      CallSid: 'c1',
      'Legs[0][OnCallDuration]': '41',
    });
  });

  it('refuses file parts, bodies without a boundary and bodies that are not multipart', async () => {
    const form = new FormData();
    form.append('CallSid', new Blob(['c1']), 'c1.txt');
    const file = await encode(form);
    await expect(parseMultipartBody(file.body, file.contentType, {})).rejects.toThrow(/is a file/);
    await expect(parseMultipartBody(Buffer.from('x'), 'multipart/form-data', {})).rejects.toThrow(
      /no boundary/,
    );
    await expect(
      parseMultipartBody(Buffer.from('garbage'), 'multipart/form-data; boundary=zz', {}),
    ).rejects.toBeInstanceOf(WebhookInputError);
  });

  it('applies the parameter limits', async () => {
    const form = new FormData();
    form.append('CallSid', 'x'.repeat(20));
    const { body, contentType } = await encode(form);
    await expect(
      parseMultipartBody(body, contentType, {}, { maxParams: 10, maxNameLength: 64, maxValueLength: 8 }),
    ).rejects.toThrow(/longer than 8/);
  });
});
