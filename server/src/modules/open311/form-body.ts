/**
 * Open311 clients post HTML-form bodies. These parsers turn them into a flat record: a field
 * sent once is a string, a repeated one (`attribute[kind][]=a&attribute[kind][]=b`) an array.
 * Multipart is accepted for fields only; a file part is refused (send `media_url`).
 */
export type FormFields = Record<string, string | string[]>;

export class FormBodyError extends Error {}

function add(fields: FormFields, key: string, value: string): void {
  const current = fields[key];
  if (current === undefined) fields[key] = value;
  else fields[key] = Array.isArray(current) ? [...current, value] : [current, value];
}

export function parseUrlEncoded(body: string): FormFields {
  const fields: FormFields = Object.create(null) as FormFields;
  for (const [key, value] of new URLSearchParams(body)) add(fields, key, value);
  return fields;
}

/** multipart/form-data with text fields only; `boundary` from the content type. */
export function parseMultipart(body: Buffer, contentType: string): FormFields {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new FormBodyError('multipart/form-data without a boundary');
  const fields: FormFields = Object.create(null) as FormFields;
  const text = body.toString('utf8');
  const parts = text.split(`--${boundary.trim()}`);
  if (parts.length < 3) throw new FormBodyError('multipart/form-data body without parts');
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new FormBodyError('a multipart part without headers');
    const headers = part.slice(0, split);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) throw new FormBodyError('a multipart part without a field name');
    if (/\bfilename\*?=/i.test(disposition)) {
      throw new FormBodyError(
        `file uploads are not accepted (part "${name}"); put the photo online and send its media_url`,
      );
    }
    add(fields, name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}
