import { describe, expect, it } from 'vitest';
import { CSV_IMPORT_MAX_ROWS, csvImportTemplate, csvProblemText, previewImport, splitCsvLine } from './csv-import';
import { newGroup } from './organisation-tree';
import { TEST_ADDRESS, testOrganisation } from '../../testing/organisation';

const support = { ...newGroup('Support', null, 0), id: 'g-support' };
const billing = { ...newGroup('Billing', null, 0), id: 'g-billing' };
const context = (overrides = {}) => ({
  groups: [support, billing],
  manageable: new Set([support.id, billing.id]),
  mayGrantAdmin: true,
  existingEmails: new Set(['taken@example.com']),
  ...overrides,
});

describe('reading an import file', () => {
  it('takes the template as it is', () => {
    const preview = previewImport(csvImportTemplate('Support'), context());
    expect(preview.ok).toBe(true);
    expect(preview.rows.map((r) => [r.line, r.email, r.groupId, r.role, r.twoFactor])).toEqual([
      [2, 'ana@example.com', support.id, 'technician', true],
      [3, 'ben@example.com', support.id, 'technician', false],
    ]);
  });

  it('reads comma and semicolon lines in the same file, quotes, a BOM and blank lines', () => {
    const text = '\uFEFFe-mail;group;admin;two_factor\r\nana@example.com;support;yes;no\n\n"Ben@Example.com",Billing,no,oui\n"cy@example.com";"Billing";"";""\n';
    const preview = previewImport(text, context());
    expect(preview.fileProblems).toEqual([]);
    expect(preview.rows.map((r) => [r.line, r.email, r.groupName, r.role, r.twoFactor, r.problems.map(csvProblemText)])).toEqual([
      [2, 'ana@example.com', 'Support', 'admin', false, []],
      [4, 'ben@example.com', 'Billing', 'technician', true, []],
      [5, 'cy@example.com', 'Billing', 'technician', false, []],
    ]);
    expect(splitCsvLine('"a;b",c')).toEqual(['a;b', 'c']);
    expect(splitCsvLine('"say ""hi""";x')).toEqual(['say "hi"', 'x']);
  });

  it('names each row\'s problem: bad or missing address, unknown group, duplicates, taken addresses, bad yes/no', () => {
    const text = [
      'email,group,admin,two_factor',
      'not-an-address,Support,no,no',
      ',Support,no,no',
      'dan@example.com,Sales,no,no',
      'eve@example.com,Support,no,no',
      'EVE@example.com,Billing,no,no',
      'taken@example.com,Support,no,no',
      'fay@example.com,Support,maybe,no',
      'gus@example.com,Support,no,no,extra',
    ].join('\n');
    const preview = previewImport(text, context());
    expect(preview.ok).toBe(false);
    expect(preview.rows.map((r) => [r.line, r.problems.map(csvProblemText)])).toEqual([
      [2, ['"not-an-address" is not a valid e-mail address.']],
      [3, ['The e-mail address is missing.']],
      [4, ['There is no group named "Sales".']],
      [5, []],
      [6, ['eve@example.com appears twice (also on line 5).']],
      [7, ['taken@example.com already has an account.']],
      [8, ['admin must be yes or no, not "maybe".']],
      [9, ['Too many columns (5); expected e-mail, group, admin, two_factor.']],
    ]);
    // The page says them in the reader's language from the key and values.
    expect(preview.rows[0].problems).toEqual([{ key: 'invalidEmail', values: { value: 'not-an-address' } }]);
    expect(preview.rows[4].problems).toEqual([{ key: 'duplicateEmail', values: { email: 'eve@example.com', line: 5 } }]);
  });

  it('refuses administrators from an administrator, and groups the importer does not manage', () => {
    const preview = previewImport('ana@example.com,Support,yes,no\nben@example.com,Billing,no,no', context({ mayGrantAdmin: false, manageable: new Set([support.id]) }));
    expect(preview.rows.map((r) => r.problems.map(csvProblemText))).toEqual([['Only a master administrator can add administrators.'], ['You do not manage the group "Billing".']]);
  });

  it(`takes at most ${CSV_IMPORT_MAX_ROWS} rows, and says so for ${CSV_IMPORT_MAX_ROWS + 1}`, () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `person${i}@example.com,Support,no,no`).join('\n');
    expect(previewImport(rows(CSV_IMPORT_MAX_ROWS), context()).ok).toBe(true);
    const tooMany = previewImport(rows(CSV_IMPORT_MAX_ROWS + 1), context());
    expect(tooMany.ok).toBe(false);
    expect(tooMany.fileProblems.map(csvProblemText)).toEqual([`The file has ${CSV_IMPORT_MAX_ROWS + 1} rows; one import takes at most ${CSV_IMPORT_MAX_ROWS}. Split it and import the parts.`]);
    expect(previewImport('email,group,admin,two_factor\n', context()).fileProblems.map(csvProblemText)).toEqual(['The file has no rows to import.']);
  });
});

describe('importing', () => {
  it('creates nothing when any row has a problem, and every invitation at once when none has', async () => {
    const { invitations, outbox, asOwner, firstGroup, store, invitations: inv } = await testOrganisation();
    const bad = `email;group;admin;two_factor\nana@example.com;${firstGroup.name};no;yes\nana@example.com;${firstGroup.name};no;no\n`;
    const refused = await invitations.importCsv(asOwner, bad, true);
    expect(refused.invited).toBe(0);
    expect(refused.preview.rows[1].problems.map(csvProblemText)).toEqual(['ana@example.com appears twice (also on line 2).']);
    expect(await outbox.list(10)).toEqual([]);
    expect(await inv.pending()).toEqual([]);

    const good = `email,group,admin,two_factor\nana@example.com,${firstGroup.name},no,yes\nben@example.com;${firstGroup.name};yes;no\n`;
    const dryRun = await invitations.importCsv(asOwner, good, false);
    expect(dryRun).toMatchObject({ invited: 0, preview: { ok: true } });
    expect(await inv.pending()).toEqual([]);
    const done = await invitations.importCsv(asOwner, good, true);
    expect(done.invited).toBe(2);
    expect((await inv.pending()).map((i) => [i.email, i.role, i.twoFactorRequired])).toEqual([
      ['ana@example.com', 'technician', true],
      ['ben@example.com', 'admin', false],
    ]);
    expect((await outbox.list(10)).map((m) => m.to).sort()).toEqual(['ana@example.com', 'ben@example.com']);

    // The invitee signs up and carries the requirement of a second factor.
    const token = /\/signup\/([a-z0-9]+)/.exec((await outbox.list(10)).find((m) => m.to === 'ana@example.com')!.text)![1];
    const ana = await invitations.accept({ token, name: 'Ana', password: 'long enough password' }, TEST_ADDRESS);
    expect((await store.people.find(ana.id))!.twoFactorRequired).toBe(true);
  });

  it('a technician cannot import', async () => {
    const { invitations, firstGroup, addPerson } = await testOrganisation();
    const tom = await addPerson('tom@example.com', firstGroup.id);
    await expect(invitations.importCsv({ user: tom, address: TEST_ADDRESS }, 'x@example.com,Technicians,no,no', true)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
