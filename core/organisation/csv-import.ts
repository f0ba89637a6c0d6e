import { emailSchema } from '../auth/accounts';
import { toCsv } from '../csv';
import type { Reason } from '../errors';
import { Role, type TechnicianGroup } from '../model';

/** The most rows one import takes; a bigger organisation imports in parts. */
export const CSV_IMPORT_MAX_ROWS = 500;
export const CSV_TEMPLATE_HEADER = ['email', 'group', 'admin', 'two_factor'] as const;

/** What the downloadable template holds: the header and two example rows. */
export function csvImportTemplate(groupName: string): string {
  return toCsv(CSV_TEMPLATE_HEADER, [['ana@example.com', groupName, 'no', 'yes'], ['ben@example.com', groupName, 'no', 'no']]);
}

export interface ImportRow {
  /** 1-based line number in the file, as a spreadsheet shows it. */
  line: number;
  email: string;
  groupName: string;
  groupId: string | null;
  role: 'technician' | 'admin';
  twoFactor: boolean;
  problems: CsvProblem[];
}

/** What stops a row or a file, as a key and values the admin center says in the reader's language. */
export type CsvProblem = Reason;

const ENGLISH: Record<string, (v: Record<string, string | number | string[]>) => string> = {
  tooManyColumns: (v) => `Too many columns (${v.count}); expected e-mail, group, admin, two_factor.`,
  invalidEmail: (v) => `"${v.value}" is not a valid e-mail address.`,
  missingEmail: () => 'The e-mail address is missing.',
  existingAccount: (v) => `${v.email} already has an account.`,
  duplicateEmail: (v) => `${v.email} appears twice (also on line ${v.line}).`,
  missingGroup: () => 'The group is missing.',
  unknownGroup: (v) => `There is no group named "${v.group}".`,
  ambiguousGroup: (v) => `Several groups are named "${v.group}"; rename one first.`,
  groupNotManaged: (v) => `You do not manage the group "${v.group}".`,
  notYesNo: (v) => `${v.column} must be yes or no, not "${v.value}".`,
  adminNotAllowed: () => 'Only a master administrator can add administrators.',
  noRows: () => 'The file has no rows to import.',
  tooManyRows: (v) => `The file has ${v.count} rows; one import takes at most ${v.maximum}. Split it and import the parts.`,
};
export type CsvProblemKey = keyof typeof ENGLISH;

function csvProblem(key: CsvProblemKey, values?: Record<string, string | number>): CsvProblem {
  return values ? { key, values } : { key };
}

/** A problem in English, for logs and for tests that read it. */
export function csvProblemText(problem: CsvProblem): string {
  return ENGLISH[problem.key]?.(problem.values ?? {}) ?? problem.key;
}

export interface ImportPreview {
  rows: ImportRow[];
  /** Problems of the file as a whole (too many rows, nothing in it). */
  fileProblems: CsvProblem[];
  /** True when nothing stops the import: no file problem and no row problem. */
  ok: boolean;
}

export interface ImportContext {
  groups: TechnicianGroup[];
  /** Groups the importing person may add people to. */
  manageable: Set<string>;
  /** The importer may grant administrator rights (a master administrator). */
  mayGrantAdmin: boolean;
  /** Lower-cased e-mail addresses that already have an account. */
  existingEmails: Set<string>;
}

const YES = new Set(['yes', 'y', 'true', '1', 'oui', 'ja', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'non', 'nee', '']);

/**
 * Splits one CSV line into cells (RFC 4180 quoting). Comma or semicolon: a spreadsheet in a French or Dutch
 * locale saves with semicolons, and a file pasted together from several may mix them, so each line decides
 * for itself: the separator that appears outside quotes (semicolon when both do, as it is the rarer in data).
 */
export function splitCsvLine(line: string): string[] {
  const outside = line.replace(/"([^"]|"")*"/g, '');
  const separator = outside.includes(';') ? ';' : ',';
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells.map((c) => c.trim());
}

function yesNo(value: string, column: string, problems: CsvProblem[]): boolean {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (!NO.has(v)) problems.push(csvProblem('notYesNo', { column, value }));
  return false;
}

/**
 * Reads an import file and says, row by row, what would be created and what stops it. Nothing is created
 * here: the preview is shown first, and the import takes all rows or none.
 */
export function previewImport(text: string, context: ImportContext): ImportPreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: ImportRow[] = [];
  const fileProblems: CsvProblem[] = [];
  const byName = new Map<string, TechnicianGroup[]>();
  for (const group of context.groups) byName.set(group.name.trim().toLowerCase(), [...(byName.get(group.name.trim().toLowerCase()) ?? []), group]);
  const seen = new Map<string, number>();

  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const cells = splitCsvLine(raw);
    // A header row (the template's, or any whose first cell names the e-mail column) is not a person.
    if (rows.length === 0 && /e-?mail/i.test(cells[0] ?? '') && !cells[0].includes('@')) return;
    const problems: CsvProblem[] = [];
    if (cells.length > CSV_TEMPLATE_HEADER.length) problems.push(csvProblem('tooManyColumns', { count: cells.length }));
    const [emailCell = '', groupCell = '', adminCell = '', twoFactorCell = ''] = cells;
    const parsedEmail = emailSchema.safeParse(emailCell);
    const email = parsedEmail.success ? parsedEmail.data : emailCell.trim();
    if (!parsedEmail.success) problems.push(emailCell.trim() ? csvProblem('invalidEmail', { value: emailCell.trim() }) : csvProblem('missingEmail'));
    else if (context.existingEmails.has(email)) problems.push(csvProblem('existingAccount', { email }));
    else if (seen.has(email)) problems.push(csvProblem('duplicateEmail', { email, line: seen.get(email)! }));
    if (parsedEmail.success && !seen.has(email)) seen.set(email, index + 1);

    let groupId: string | null = null;
    const matches = byName.get(groupCell.trim().toLowerCase()) ?? [];
    if (!groupCell.trim()) problems.push(csvProblem('missingGroup'));
    else if (matches.length === 0) problems.push(csvProblem('unknownGroup', { group: groupCell.trim() }));
    else if (matches.length > 1) problems.push(csvProblem('ambiguousGroup', { group: groupCell.trim() }));
    else if (!context.manageable.has(matches[0].id)) problems.push(csvProblem('groupNotManaged', { group: matches[0].name }));
    else groupId = matches[0].id;

    const admin = yesNo(adminCell, 'admin', problems);
    if (admin && !context.mayGrantAdmin) problems.push(csvProblem('adminNotAllowed'));
    const twoFactor = yesNo(twoFactorCell, 'two_factor', problems);
    rows.push({ line: index + 1, email, groupName: matches[0]?.name ?? groupCell.trim(), groupId, role: admin ? Role.admin : Role.technician, twoFactor, problems });
  });

  if (rows.length === 0) fileProblems.push(csvProblem('noRows'));
  if (rows.length > CSV_IMPORT_MAX_ROWS) fileProblems.push(csvProblem('tooManyRows', { count: rows.length, maximum: CSV_IMPORT_MAX_ROWS }));
  return { rows, fileProblems, ok: fileProblems.length === 0 && rows.every((r) => r.problems.length === 0) };
}
