import * as z from 'zod';

/**
 * In a browser, zod parses without compiling its parsers: our pages' Content-Security-Policy has no 'unsafe-eval'
 * (web/server/security-headers.ts), nor may a company's page where the widget's co-browse bundle runs, and even
 * zod's probe for `new Function` (caught, when refused) is reported as a policy violation. Imported for this side
 * effect by every browser entry that parses (before anything parses: zod asks once, at the first object parse).
 * The server keeps the compiled parsers, which are faster.
 */
if (typeof document !== 'undefined') z.config({ jitless: true });
