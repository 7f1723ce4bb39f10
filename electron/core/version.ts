import { createRequire } from 'node:module';

// package.json sits two folders above both electron/core (sources) and dist/electron/core.
const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
export const APP_VERSION: string = pkg.version;
