/** One outgoing e-mail; plain text so nothing in it can run in a mail client. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: SMTP when configured, else the outbox master administrators read. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface OutboxMail extends Mail {
  id: number;
  createdAt: number;
}

export interface OutboxStore {
  insert(mail: Mail & { createdAt: number }): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<OutboxMail[]>;
}

/** The embedded default: with no SMTP server, invitations and security mail still reach someone. */
export class OutboxMailer implements Mailer {
  constructor(
    private readonly store: OutboxStore,
    private readonly now: () => number,
  ) {}

  async send(mail: Mail): Promise<void> {
    await this.store.insert({ ...mail, createdAt: this.now() });
  }
}
