/** Email delivery: a local outbox in local mode and tests, Amazon SES v2 when deployed. */
import type { SESv2Client } from '@aws-sdk/client-sesv2';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Every link in the message, so the local outbox can list them. */
  links: string[];
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface OutboxEntry extends MailMessage {
  sentAt: string;
}

/** Keeps messages in memory (GET /api/dev/outbox) and optionally prints them with their links. */
export class OutboxMailer implements Mailer {
  readonly messages: OutboxEntry[] = [];

  constructor(private readonly print = false) {}

  async send(message: MailMessage): Promise<void> {
    this.messages.push({ ...message, sentAt: new Date().toISOString() });
    if (this.messages.length > 500) this.messages.shift();
    if (this.print) {
      const files = (message.attachments ?? []).map((a) => a.filename).join(', ');
      console.log(
        `\n✉  to ${message.to}: ${message.subject}\n${message.links.map((l) => `   ${l}`).join('\n')}` +
          (files ? `\n   attached: ${files}` : ''),
      );
    }
  }
}

/**
 * Sends through SES v2 from the configured identity. The SES client is loaded on the first email,
 * not at cold start: most requests never send one.
 */
export class SesMailer implements Mailer {
  private client?: Promise<{ client: SESv2Client; SendEmailCommand: typeof import('@aws-sdk/client-sesv2').SendEmailCommand }>;

  constructor(private readonly from: string) {}

  private ses() {
    this.client ??= import('@aws-sdk/client-sesv2').then((m) => ({
      client: new m.SESv2Client({}),
      SendEmailCommand: m.SendEmailCommand,
    }));
    return this.client;
  }

  async send(message: MailMessage): Promise<void> {
    const { client, SendEmailCommand } = await this.ses();
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
            Attachments: message.attachments?.map((a) => ({
              FileName: a.filename,
              ContentType: a.contentType,
              RawContent: new TextEncoder().encode(a.content),
              ContentDisposition: 'ATTACHMENT',
            })),
          },
        },
      }),
    );
  }
}
