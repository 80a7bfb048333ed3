import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue } from '../contracts/errors.ts';
import { toAppError } from './result.ts';

const errno = (code: string, path?: string): Error =>
  Object.assign(new Error(`${code}: raw text, write`), { code, ...(path ? { path } : {}) });

describe('system errors in words', () => {
  it.each([
    ['ENOSPC', 'E_IO', /disk is full.*\/data\/p\/results/],
    ['EROFS', 'E_IO', /read-only \(\/data\/p\/results\)/],
    ['EISDIR', 'E_INVALID_INPUT', /folder was given where a file is needed/],
    ['ENOENT', 'E_INVALID_INPUT', /No such file or folder.*create its folder first/],
    ['EACCES', 'E_IO', /Permission denied/],
  ])('%s → %s', (code, appCode, pattern) => {
    const e = toAppError(errno(code, '/data/p/results'));
    expect(e.code).toBe(appCode);
    expect(e.message).toMatch(pattern);
    expect(e.message).not.toMatch(/raw text/);
  });

  it('engine overflows become an input error, not E_INTERNAL', () => {
    const e = toAppError(new RangeError('Maximum call stack size exceeded'));
    expect(e).toMatchObject({ code: 'E_INVALID_INPUT', message: expect.stringMatching(/too large/) });
    expect(toAppError(new Error('something else')).code).toBe('E_INTERNAL');
  });
});

describe('schema problems in words', () => {
  const schema = z
    .object({
      fileName: z.string().min(1),
      size: z.number().int().min(1).max(100),
      p: z.number().gt(0).lt(1),
      kind: z.enum(['matrix', 'network']),
      genes: z.array(z.string()).max(2),
    })
    .strict();
  const first = (input: unknown): string => {
    const r = schema.safeParse(input);
    if (r.success) throw new Error('accepted');
    const issue = r.error.issues[0];
    if (!issue) throw new Error('no issue');
    return describeIssue(issue, input);
  };
  const ok = { fileName: 'a.csv', size: 5, p: 0.5, kind: 'matrix', genes: [] };

  it('names the field, the bound and the value given', () => {
    expect(first({ ...ok, size: 0 })).toBe('"size" must be at least 1 (it was 0).');
    expect(first({ ...ok, size: 1e9 })).toBe('"size" must be at most 100 (it was 1000000000).');
    expect(first({ ...ok, size: 1.5 })).toBe('"size" must be a whole number (it was 1.5).');
    expect(first({ ...ok, p: 1 })).toBe('"p" must be less than 1 (it was 1).');
    expect(first({ ...ok, p: -2 })).toBe('"p" must be more than 0 (it was -2).');
    expect(first({ ...ok, kind: 'x' })).toBe('"kind" must be one of "matrix", "network" (it was "x").');
    expect(first({ ...ok, genes: ['a', 'b', 'c'] })).toMatch(/"genes" must have at most 2 items/);
    expect(first({ ...ok, fileName: '' })).toBe('"fileName" must not be empty.');
    expect(first({ ...ok, extra: 1 })).toBe('the request has unknown field "extra".');
    const { size: _drop, ...noSize } = ok;
    expect(first(noSize)).toBe('"size" is missing.');
  });
});
