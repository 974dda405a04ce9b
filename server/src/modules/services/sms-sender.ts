import type { Logger } from 'pino';
import { maskPhone } from '../identity/index.ts';
import type { SmsSender } from './services.ports.ts';

/**
 * The default SMS adapter: writes the message to the log with the number masked. A real
 * gateway (运营商短信网关, a cloud SMS service) implements the same one-method interface.
 */
export class LoggingSmsSender implements SmsSender {
  readonly sent: Array<{ to: string; text: string; reference: string }> = [];

  constructor(private readonly log: Logger) {}

  async send(message: { to: string; text: string; reference: string }): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 1000) this.sent.shift();
    this.log.info(
      { to: maskPhone(message.to), reference: message.reference },
      `SMS: ${message.text}`,
    );
  }
}
