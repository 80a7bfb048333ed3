import { z } from 'zod';
import { ERROR_CODES } from '../lib/result.ts';

export const AppErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** The parts of a zod issue that the sentence needs (zod 4's issue shapes). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  values?: unknown[];
  keys?: string[];
}

const fieldName = (path: PropertyKey[]): string =>
  path.length === 0 ? 'the request' : `"${path.map(String).join('.')}"`;

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const shown = (v: unknown): string => {
  const s = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
  return s === undefined ? 'missing' : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/**
 * A zod issue as a sentence for a person ("size" must be at least 1 (it was 0)), instead of the
 * developer text zod writes ("Too small: expected number to be >=1"). `label` overrides the field name
 * (the CLI names its flags); custom messages written in the schemas are kept as they are.
 */
export function describeIssue(issue: Issue, input: unknown, label = fieldName(issue.path)): string {
  const got = valueAt(input, issue.path);
  const was = got === undefined ? '' : ` (it was ${shown(got)})`;
  const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
  const size = issue.origin === 'string' || issue.origin === 'array' ? ' have' : ' be';
  switch (issue.code) {
    case 'too_small':
      if (unit !== '' && Number(issue.minimum) === 1) return `${label} must not be empty.`;
      return `${label} must${size} ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${unit}${was}.`;
    case 'too_big':
      return `${label} must${size} ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${unit}${was}.`;
    case 'invalid_type':
      if (got === undefined) return `${label} is missing.`;
      if (issue.expected === 'int') return `${label} must be a whole number${was}.`;
      return `${label} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected ?? 'value'}`}${was}.`;
    case 'invalid_value':
      return `${label} must be one of ${(issue.values ?? []).map(shown).join(', ')}${was}.`;
    case 'unrecognized_keys':
      return `${label} has unknown field${(issue.keys ?? []).length > 1 ? 's' : ''} ${(issue.keys ?? []).map(shown).join(', ')}.`;
    case 'not_multiple_of':
      return `${label} has a value that is not allowed${was}.`;
    case 'invalid_format':
      return `${label} is not in the expected format${was}.`;
    default:
      return `${label}: ${issue.message}${was}.`;
  }
}
