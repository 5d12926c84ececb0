/** The parts of an Ajv error that locate it (Fastify hands these over as `error.validation`). */
export interface ValidationIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The path of the field an Ajv error is about, prefixed with where it was (`body`,
 * `querystring`, `params`, `headers`): `/market/date` in the body becomes `body.market.date`,
 * `/portfolio/3/kind` becomes `body.portfolio[3].kind`. A missing or unexpected property is
 * reported on the parent object by Ajv; the property itself is the field a person must fix.
 */
export function fieldOf(issue: ValidationIssue, context: string): string {
  let path = context;
  for (const segment of issue.instancePath.split('/').slice(1)) {
    const key = segment.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  const property = issue.params.missingProperty ?? issue.params.additionalProperty;
  if (typeof property === 'string') path += `.${property}`;
  return path;
}

/** What is wrong, in words: `must be string`, `is required`, `is not allowed`. */
export function problemOf(issue: ValidationIssue): string {
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'additionalProperties') return 'is not allowed here';
  return issue.message ?? `fails ${issue.keyword}`;
}
