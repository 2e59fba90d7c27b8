/** The package version, for `hw-mock --version` and the OpenAPI document. */
import { readFileSync } from 'node:fs';

/** Put in by the build (esbuild `define`, from package.json); absent when run from the sources. */
declare const __HW_MOCK_VERSION__: string | undefined;

/** The package version: from the build, or from package.json beside the sources. */
export function packageVersion(): string {
  if (typeof __HW_MOCK_VERSION__ === 'string') return __HW_MOCK_VERSION__;
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
