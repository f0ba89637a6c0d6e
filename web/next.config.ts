import path from 'node:path';
import type { NextConfig } from 'next';

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

export default config;
