import type { ErrorDetails, ErrorIssue } from '@kineo/core';

/** The parts of an API error body (`{ error: { code, message, details? } }`) a client reports. */
export interface ParsedErrorBody {
  code: string;
  message: string;
  details: ErrorDetails | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads the API's error shape leniently: a code this version does not know is still a code, and
 * unknown detail fields are dropped. Returns `undefined` when `body` is not that shape (e.g. an
 * HTML page from a proxy).
 */
export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  if (!isRecord(body) || !isRecord(body['error'])) return undefined;
  const { code, message, details } = body['error'];
  if (typeof code !== 'string' || code.length === 0 || typeof message !== 'string') return undefined;
  return { code, message, details: isRecord(details) ? detailsOf(details) : undefined };
}

function detailsOf(raw: Record<string, unknown>): ErrorDetails {
  const details: ErrorDetails = {};
  const { issues, requestId, maxRows } = raw;
  if (Array.isArray(issues)) {
    details.issues = issues.filter(
      (issue): issue is ErrorIssue => isRecord(issue) && typeof issue['path'] === 'string' && typeof issue['message'] === 'string',
    ).map(({ path, message }) => ({ path, message }));
  }
  if (typeof requestId === 'string') details.requestId = requestId;
  if (typeof maxRows === 'number' && Number.isInteger(maxRows)) details.maxRows = maxRows;
  return details;
}

/** Reads a response body as JSON, or `undefined` when it is empty or not JSON. */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
