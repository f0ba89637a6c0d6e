import { emailSchema } from '../auth/accounts';
import { toCsv } from '../csv';
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
  problems: string[];
}

export interface ImportPreview {
  rows: ImportRow[];
  /** Problems of the file as a whole (too many rows, nothing in it). */
  fileProblems: string[];
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

function yesNo(value: string, column: string, problems: string[]): boolean {
  const v = value.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (!NO.has(v)) problems.push(`${column} must be yes or no, not "${value}".`);
  return false;
}

/**
 * Reads an import file and says, row by row, what would be created and what stops it. Nothing is created
 * here: the preview is shown first, and the import takes all rows or none.
 */
export function previewImport(text: string, context: ImportContext): ImportPreview {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: ImportRow[] = [];
  const fileProblems: string[] = [];
  const byName = new Map<string, TechnicianGroup[]>();
  for (const group of context.groups) byName.set(group.name.trim().toLowerCase(), [...(byName.get(group.name.trim().toLowerCase()) ?? []), group]);
  const seen = new Map<string, number>();

  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const cells = splitCsvLine(raw);
    // A header row (the template's, or any whose first cell names the e-mail column) is not a person.
    if (rows.length === 0 && /e-?mail/i.test(cells[0] ?? '') && !cells[0].includes('@')) return;
    const problems: string[] = [];
    if (cells.length > CSV_TEMPLATE_HEADER.length) problems.push(`Too many columns (${cells.length}); expected e-mail, group, admin, two_factor.`);
    const [emailCell = '', groupCell = '', adminCell = '', twoFactorCell = ''] = cells;
    const parsedEmail = emailSchema.safeParse(emailCell);
    const email = parsedEmail.success ? parsedEmail.data : emailCell.trim();
    if (!parsedEmail.success) problems.push(emailCell.trim() ? `"${emailCell.trim()}" is not a valid e-mail address.` : 'The e-mail address is missing.');
    else if (context.existingEmails.has(email)) problems.push(`${email} already has an account.`);
    else if (seen.has(email)) problems.push(`${email} appears twice (also on line ${seen.get(email)}).`);
    if (parsedEmail.success && !seen.has(email)) seen.set(email, index + 1);

    let groupId: string | null = null;
    const matches = byName.get(groupCell.trim().toLowerCase()) ?? [];
    if (!groupCell.trim()) problems.push('The group is missing.');
    else if (matches.length === 0) problems.push(`There is no group named "${groupCell.trim()}".`);
    else if (matches.length > 1) problems.push(`Several groups are named "${groupCell.trim()}"; rename one first.`);
    else if (!context.manageable.has(matches[0].id)) problems.push(`You do not manage the group "${matches[0].name}".`);
    else groupId = matches[0].id;

    const admin = yesNo(adminCell, 'admin', problems);
    if (admin && !context.mayGrantAdmin) problems.push('Only a master administrator can add administrators.');
    const twoFactor = yesNo(twoFactorCell, 'two_factor', problems);
    rows.push({ line: index + 1, email, groupName: matches[0]?.name ?? groupCell.trim(), groupId, role: admin ? Role.admin : Role.technician, twoFactor, problems });
  });

  if (rows.length === 0) fileProblems.push('The file has no rows to import.');
  if (rows.length > CSV_IMPORT_MAX_ROWS) fileProblems.push(`The file has ${rows.length} rows; one import takes at most ${CSV_IMPORT_MAX_ROWS}. Split it and import the parts.`);
  return { rows, fileProblems, ok: fileProblems.length === 0 && rows.every((r) => r.problems.length === 0) };
}
