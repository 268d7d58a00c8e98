import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findMapFileArg, userArgs } from '../../../electron/args';

describe('command line', () => {
  it('drops the executable, and the app path when unpackaged', () => {
    expect(userArgs(['/opt/Marshrut/marshrut', 'a.cjm'], true)).toEqual(['a.cjm']);
    expect(userArgs(['/usr/bin/electron', '.', 'a.cjm'], false)).toEqual(['a.cjm']);
  });

  it('finds the first .cjm argument, skipping switches, resolved against the working folder', () => {
    const cwd = path.resolve('/home/user');
    expect(findMapFileArg(['--no-sandbox', 'notes.txt', 'maps/Visit.CJM', 'b.cjm'], cwd)).toBe(path.resolve(cwd, 'maps/Visit.CJM'));
    expect(findMapFileArg(['--flag=x.cjm'], cwd)).toBeNull();
    expect(findMapFileArg([], cwd)).toBeNull();
  });
});
