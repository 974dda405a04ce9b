/** One Server-Sent Events message as the HTML standard's "dispatch the event" step sees it. */
export interface SseMessage {
  event: string;
  data: string;
  /** The id field of this message, if it had one. */
  id: string | null;
}

export interface SseParserState {
  /** The last event id seen so far (persists across messages, per the standard). */
  lastEventId: string | null;
  /** Suggested reconnection delay sent by the server in a `retry:` field. */
  retryMs: number | null;
}

/**
 * An incremental parser of the text/event-stream format: feed it decoded text chunks in any
 * split (a chunk may end in the middle of a line, or between CR and LF) and it returns the
 * complete messages. Comments (`: ping`) are dropped; a message with no data is not dispatched.
 */
export class SseParser {
  readonly state: SseParserState = { lastEventId: null, retryMs: null };
  private buffer = '';
  private sawCarriageReturn = false;
  private eventType = '';
  private data: string[] = [];
  private messageId: string | null = null;

  push(chunk: string): SseMessage[] {
    const messages: SseMessage[] = [];
    let text = chunk;
    // A CR at the end of the previous chunk already ended its line; a LF right after it is
    // the second half of the same CRLF, not an empty line.
    if (this.sawCarriageReturn && text.startsWith('\n')) text = text.slice(1);
    this.sawCarriageReturn = false;
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (ch === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i += 1;
        } else {
          this.sawCarriageReturn = true;
        }
      }
      start = i + 1;
      const message = this.line(line);
      if (message) messages.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return messages;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        // An id containing NUL is ignored, as the standard says.
        if (!value.includes('\0')) {
          this.messageId = value;
          this.state.lastEventId = value;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.state.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    const hadData = this.data.length > 0;
    const message: SseMessage = {
      event: this.eventType || 'message',
      data: this.data.join('\n'),
      id: this.messageId,
    };
    this.eventType = '';
    this.data = [];
    this.messageId = null;
    return hadData ? message : null;
  }
}
