import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

describe('SseParser', () => {
  it('parses named events with ids and multi-line data, and skips comments', () => {
    const parser = new SseParser();
    const messages = parser.push(
      ': ping\n\nevent: overview\nid: 7\ndata: {"a":1,\ndata: "b":2}\n\ndata: plain\n\n',
    );
    expect(messages).toEqual([
      { event: 'overview', data: '{"a":1,\n"b":2}', id: '7' },
      { event: 'message', data: 'plain', id: null },
    ]);
    expect(parser.state.lastEventId).toBe('7');
  });

  it('joins frames split anywhere, including between CR and LF', () => {
    const text =
      'event: alerts\r\nid: 12\r\ndata: {"items":[]}\r\n\r\nevent: overview\rdata: x\r\r';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(messages, `cut at ${cut}`).toEqual([
        { event: 'alerts', data: '{"items":[]}', id: '12' },
        { event: 'overview', data: 'x', id: null },
      ]);
    }
  });

  it('keeps an unfinished message until its blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('event: overview\ndata: 1\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'overview', data: '1', id: null }]);
  });

  it('does not dispatch a message without data but remembers its id and retry', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\nretry: 2500\n\nretry: soon\n\n')).toEqual([]);
    expect(parser.state).toEqual({ lastEventId: '3', retryMs: 2500 });
  });

  it('takes the field value after one optional space and a field without a colon as empty', () => {
    const parser = new SseParser();
    expect(parser.push('data:  two spaces\ndata\n\n')).toEqual([
      { event: 'message', data: ' two spaces\n', id: null },
    ]);
  });
});
