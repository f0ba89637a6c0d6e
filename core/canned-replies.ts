import * as z from 'zod';
import { DomainError } from './errors';
import { Role, type User } from './model';
import { randomId } from './random';

export const cannedKeywordSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,23}$/, 'Use 1-24 letters, digits or dashes.');
export const cannedTextSchema = z.string().trim().min(1).max(2000);

export interface CannedReply {
  id: string;
  /** 'org' for organisation-wide replies, else the owner's user id. */
  scope: string;
  keyword: string;
  text: string;
  createdAt: number;
}

export interface CannedReplyStore {
  list(scopes: string[]): Promise<CannedReply[]>;
  /** False when the scope already has this keyword. */
  insert(reply: CannedReply): Promise<boolean>;
  find(id: string): Promise<CannedReply | null>;
  delete(id: string): Promise<void>;
}

const ORG = 'org';

/**
 * Canned replies: personal ones, and organisation-wide ones that only the master administrator manages
 * (the admin center's permissions take this over). A technician sees theirs and the organisation's; where
 * both have the same keyword, their own wins.
 */
export class CannedReplies {
  constructor(
    private readonly store: CannedReplyStore,
    private readonly now: () => number,
  ) {}

  async list(user: User): Promise<CannedReply[]> {
    const all = await this.store.list([ORG, user.id]);
    const own = new Set(all.filter((r) => r.scope === user.id).map((r) => r.keyword));
    return all.filter((r) => r.scope === user.id || !own.has(r.keyword)).sort((a, b) => a.keyword.localeCompare(b.keyword));
  }

  async save(user: User, input: { keyword: string; text: string; shared: boolean }): Promise<CannedReply> {
    if (input.shared && user.role !== Role.masterAdmin) throw DomainError.forbidden('Only a master administrator manages organisation-wide replies.');
    const reply: CannedReply = {
      id: randomId(),
      scope: input.shared ? ORG : user.id,
      keyword: cannedKeywordSchema.parse(input.keyword),
      text: cannedTextSchema.parse(input.text),
      createdAt: this.now(),
    };
    if (!(await this.store.insert(reply))) throw DomainError.conflict(`There is already a reply for /${reply.keyword}.`);
    return reply;
  }

  async delete(user: User, id: string): Promise<void> {
    const reply = await this.store.find(id);
    if (!reply) throw DomainError.notFound('Reply');
    const mayDelete = reply.scope === user.id || (reply.scope === ORG && user.role === Role.masterAdmin);
    if (!mayDelete) throw DomainError.forbidden('This reply is not yours to delete.');
    await this.store.delete(id);
  }
}
