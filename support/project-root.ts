/** The repository root, found from the calling file whether it runs from source or from dist/. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
