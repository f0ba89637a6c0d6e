import path from 'node:path';
import Database from 'better-sqlite3';
import type { TestServer } from './server';

export interface LoggedEvent {
  sessionId: string;
  actor: string;
  type: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- checked field by field
}

/** The session events the server stored, read straight from its SQLite file (read-only). */
export function loggedEvents(server: TestServer, type?: string): LoggedEvent[] {
  const database = new Database(path.join(server.dataDir, 'lifeline.sqlite'), { readonly: true });
  try {
    const rows = database
      .prepare(`select session_id as sessionId, actor, type, data from session_events ${type ? 'where type = ?' : ''} order by id`)
      .all(...(type ? [type] : [])) as { sessionId: string; actor: string; type: string; data: string }[];
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) }));
  } finally {
    database.close();
  }
}
