import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n/translate';
import { errorMessage } from './error-message';
import { ApiError } from './problem';

const problem = (code: string, detail: string) =>
  new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, code, detail }, 'HTTP 409');

describe('what a failure tells a person', () => {
  it('uses our own wording for a problem code the app knows, in the UI language', () => {
    const error = problem('scanner_exists', 'A scanner with this id exists already');
    expect(errorMessage(error, createTranslator('zh-CN'))).toBe(
      '已有同编号的扫码设备，请换一个编号。',
    );
    expect(errorMessage(error, createTranslator('en-US'))).toBe(
      'A scanner with this ID exists already: choose another ID.',
    );
  });

  it("falls back to the server's explanation for a code it does not know", () => {
    const error = problem('something_new', 'Something new went wrong');
    expect(errorMessage(error, createTranslator('zh-CN'))).toBe('Something new went wrong');
  });
});
