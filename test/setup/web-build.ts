import { build } from 'vite';

/** Browser tests run against the real production build of the web app. */
export default async function setup() {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
