import { fileURLToPath } from 'node:url';
import { type ChainVerdict, ChainBreak, verifyChain } from '../core/support/event-chain';
import { openDatabaseReadOnly } from '../drizzle/database';
import { sqliteRepository } from '../drizzle/sqlite-repository';
import { commandDataDir } from './command-data-dir';

/**
 * `npm run verify-log -- <sessionId> | --all`: checks sessions' tamper-evident logs (core/support/event-chain.ts)
 * in the database the server would open (DATA_DIR), read-only, and says which event broke a chain. Exit code 0
 * when every chain checked is intact, 1 when one is broken, 2 when the check could not run.
 */

const USAGE = 'Usage: npm run verify-log -- <sessionId> | --all';

/** What each break means for whoever reads the report: the event named is where the chain stops holding. */
const BREAKS: Record<ChainBreak, string> = {
  [ChainBreak.changed]: 'was changed after it was written',
  [ChainBreak.missing]: 'follows an event that was removed',
  [ChainBreak.reordered]: 'was moved out of its place',
  [ChainBreak.inserted]: 'was added without going through the log',
};

/** One line about one session's chain. */
export function verdictLine(verdict: ChainVerdict): string {
  const earlier = verdict.unchained > 0
    ? `; ${verdict.unchained} earlier event${verdict.unchained === 1 ? ' was' : 's were'} written before chaining (not verifiable)`
    : '';
  if (verdict.ok) {
    // The head hash, copied somewhere else, is what shows a later rewrite of the whole chain or lost newest events.
    const head = verdict.head ? `, head ${verdict.head}` : '';
    return `${verdict.sessionId}: chain intact, ${verdict.events} event${verdict.events === 1 ? '' : 's'}${head}${earlier}`;
  }
  const { index, eventId, type, at } = verdict.brokenAt;
  return `${verdict.sessionId}: BROKEN at event #${index} (id ${eventId}, ${type}, ${new Date(at).toISOString()}): it ${BREAKS[verdict.reason]} [${verdict.reason}]${earlier}`;
}

export async function verifyLogCommand(args: readonly string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const [target, ...rest] = args;
  if (!target || rest.length > 0 || (target.startsWith('-') && target !== '--all')) {
    out(USAGE);
    return 2;
  }
  const dataDir = commandDataDir(env, out);
  if (dataDir === null) return 2;
  let database: ReturnType<typeof openDatabaseReadOnly>;
  try {
    database = openDatabaseReadOnly(dataDir);
  } catch (error) {
    out(`Cannot open the database in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const repo = sqliteRepository(database.db);
    if (target !== '--all' && !(await repo.supportSessions.findById(target))) {
      out(`No session ${target} in ${dataDir}.`);
      return 2;
    }
    const ids = target === '--all' ? await repo.sessionEvents.sessionIds() : [target];
    let broken = 0;
    for (const id of ids) {
      const verdict = verifyChain(id, await repo.sessionEvents.chain(id));
      if (!verdict.ok) broken++;
      out(verdictLine(verdict));
    }
    if (target === '--all') out(`${ids.length} session${ids.length === 1 ? '' : 's'} checked, ${broken} broken.`);
    return broken > 0 ? 1 : 0;
  } finally {
    database.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  verifyLogCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
