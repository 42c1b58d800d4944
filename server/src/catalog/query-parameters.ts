import { z } from 'zod';
import { DateRangeValue, IsoDate } from '@kineo/core';
import type { SqlParam } from '../engines/engine.js';
import type { ParameterDeclaration, QueryDefinition } from './query-definition.js';

/** The zod schema a request value for one declared parameter must satisfy (classic, or zod/mini from @kineo/core). */
export function parameterValueSchema(declaration: ParameterDeclaration): z.core.$ZodType {
  switch (declaration.type) {
    case 'date':
      return IsoDate;
    case 'dateRange':
      return DateRangeValue;
    case 'enum':
      return z.enum(declaration.values as [string, ...string[]]);
    case 'enumList':
      return z.array(z.enum(declaration.values as [string, ...string[]])).max(declaration.values.length);
    case 'string':
      return z.string().min(1).max(declaration.maxLength);
    case 'stringList':
      return z.array(z.string().min(1).max(declaration.maxLength)).max(declaration.maxItems);
    case 'integer':
      return z.number().int().min(declaration.min).max(declaration.max);
  }
}

/** The SQL parameter names a declaration binds: `$name`, or `$name_from`/`$name_to` for ranges. */
export function sqlNamesOf(name: string, declaration: ParameterDeclaration): string[] {
  return declaration.type === 'dateRange' ? [`${name}_from`, `${name}_to`] : [name];
}

/** Turns an already validated value (or its absence) into bound SQL parameters. */
export function bindParameter(name: string, declaration: ParameterDeclaration, value: unknown): Record<string, SqlParam> {
  switch (declaration.type) {
    case 'dateRange': {
      const range = (value ?? {}) as DateRangeValue;
      return {
        [`${name}_from`]: { type: 'date', value: range.from ?? null },
        [`${name}_to`]: { type: 'date', value: range.to ?? null },
      };
    }
    case 'enumList':
    case 'stringList': {
      const list = value as string[] | undefined;
      return { [name]: { type: 'varchar[]', value: list && list.length > 0 ? list : null } };
    }
    case 'date':
      return { [name]: { type: 'date', value: (value ?? declaration.default ?? null) as string | null } };
    case 'integer':
      return { [name]: { type: 'integer', value: (value ?? declaration.default ?? null) as number | null } };
    default:
      return { [name]: { type: 'varchar', value: (value ?? declaration.default ?? null) as string | null } };
  }
}

export interface ParameterInput {
  /** Where the value came from in the request, for error paths (e.g. `filters.period`). */
  path: string;
  value: unknown;
}

export interface ParameterIssue {
  path: string;
  message: string;
}

/**
 * Validates the values offered for a query's parameters and binds every declared parameter
 * (absent ones to their default or NULL). Returns issues instead of throwing so callers can
 * report every bad field at once.
 */
export function bindQueryParameters(
  query: QueryDefinition,
  inputs: ReadonlyMap<string, ParameterInput>,
): { params: Record<string, SqlParam>; issues: ParameterIssue[] } {
  const params: Record<string, SqlParam> = {};
  const issues: ParameterIssue[] = [];
  for (const [name, declaration] of Object.entries(query.parameters)) {
    const input = inputs.get(name);
    let value: unknown;
    if (input !== undefined && input.value !== null && input.value !== undefined) {
      const parsed = z.safeParse(parameterValueSchema(declaration), input.value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          issues.push({ path: [input.path, ...issue.path.map(String)].join('.'), message: issue.message });
        continue;
      }
      value = parsed.data;
    } else if (declaration.required) {
      issues.push({ path: input?.path ?? name, message: 'required' });
      continue;
    }
    Object.assign(params, bindParameter(name, declaration, value));
  }
  return { params, issues };
}
