import path from 'node:path';
import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

// next-intl checks that its request configuration exists relative to the working directory (the repository
// root, from where both `next build web` and server.ts run), while Turbopack resolves the alias relative to
// this project directory (web/): the plugin gets the first path, the alias the second.
const withNextIntl = createNextIntlPlugin('./web/i18n/request.ts');

const repositoryRoot = path.join(__dirname, '..');

const config: NextConfig = {
  // The web app imports the shared protocol and domain types from the repository root (core/, signaling/).
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  // Types are checked once for the whole repository by `npm run typecheck`.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

const withIntl = withNextIntl(config);
withIntl.turbopack = { ...withIntl.turbopack, resolveAlias: { ...withIntl.turbopack?.resolveAlias, 'next-intl/config': './i18n/request.ts' } };

export default withIntl;
