import type { ChatMessage } from '../protocol';

/** Messages arrive by ack and by broadcast, and again after a reconnect: keep one of each, in id order. */
export function mergeMessages(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  if (incoming.every((m) => current.some((c) => c.id === m.id))) return current;
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
