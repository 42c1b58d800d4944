import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyDriverError, errorClassOf, sqlFailure } from './driver-errors.js';

/** Shapes as the driver throws them (node-fetch, Thrift, the driver's own classes), with telling text in them. */
const SECRET_TEXT = 'kineo_acme.gold.fact_course_progress https://adb-1.azuredatabricks.net token=dapi123';

function fetchError(code: string) {
  return Object.assign(new Error(`request to ${SECRET_TEXT} failed, reason: ${code}`), { name: 'FetchError', type: 'system', code });
}
function httpError(status: number, retryAfter?: string) {
  const headers = new Map(retryAfter ? [['retry-after', retryAfter]] : []);
  return Object.assign(new Error(`Received a response with a bad HTTP status code: ${status}`), {
    name: 'THTTPException',
    statusCode: status,
    response: { headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null } },
  });
}
function statusError(message: string) {
  return { name: 'Status Error', message, code: -1 };
}

function summary(error: unknown) {
  const failure = classifyDriverError(error);
  assert.ok(!failure.error.message.includes('kineo_acme'), 'no driver text in the message');
  assert.ok(!failure.error.message.includes('http'), 'no host in the message');
  return `${failure.error.code}/${failure.error.detail}/${failure.retryable ? 'retry' : 'final'}/${failure.discardSession ? 'discard' : 'keep'}`;
}

describe('driver errors', () => {
  test('network failures are unavailable; dropped and refused connections may be retried on a fresh session', () => {
    assert.equal(summary(fetchError('ECONNRESET')), 'unavailable/CONNECTION_DROPPED/retry/discard');
    assert.equal(summary(fetchError('EPIPE')), 'unavailable/CONNECTION_DROPPED/retry/discard');
    assert.equal(summary(fetchError('ECONNREFUSED')), 'unavailable/CONNECTION_REFUSED/retry/discard');
    assert.equal(summary(fetchError('DEPTH_ZERO_SELF_SIGNED_CERT')), 'unavailable/TLS/final/discard');
    assert.equal(summary(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), 'unavailable/CONNECTION_DROPPED/retry/discard');
  });

  test('HTTP statuses: 429 and 5xx are retried (within a short Retry-After), auth failures are not', () => {
    assert.equal(summary(httpError(503)), 'unavailable/HTTP_503/retry/keep');
    assert.equal(summary(httpError(429, '1')), 'unavailable/HTTP_429/retry/keep');
    assert.equal(classifyDriverError(httpError(429, '1')).retryAfterMs, 1000);
    assert.equal(summary(httpError(503, '120')), 'unavailable/HTTP_503/final/keep');
    assert.equal(classifyDriverError(httpError(503, '120')).error.retryAfterSeconds, 120);
    assert.equal(summary(httpError(401)), 'unavailable/HTTP_401/final/keep');
    assert.equal(summary(httpError(404)), 'unavailable/HTTP_404/final/keep');
  });

  test("the driver's own timeouts, exhausted retries and auth errors", () => {
    assert.equal(summary({ name: 'TApplicationException', message: 'Request timed out' }), 'unavailable/SOCKET_TIMEOUT/final/discard');
    assert.equal(
      summary(new Error('Hive driver: 503 when connecting to resource. Max retry count exceeded.')),
      'unavailable/RETRIES_EXHAUSTED/final/keep',
    );
    assert.equal(summary({ name: 'AuthenticationError', message: 'OAuth: invalid_client' }), 'unavailable/AUTHENTICATION/final/keep');
  });

  test('a session the warehouse no longer knows is replaced and the statement retried', () => {
    assert.equal(summary(statusError(`Invalid SessionHandle: SessionHandle [${SECRET_TEXT}]`)), 'unavailable/SESSION_EXPIRED/retry/discard');
    assert.equal(
      summary(statusError('[INVALID_HANDLE.SESSION_NOT_FOUND] The handle 01ef is invalid.')),
      'unavailable/SESSION_EXPIRED/retry/discard',
    );
  });

  test('a synchronous SQL error keeps only its error class', () => {
    assert.equal(summary(statusError(`[TABLE_OR_VIEW_NOT_FOUND] The table or view ${SECRET_TEXT} cannot be found.`)), 'rejected/TABLE_OR_VIEW_NOT_FOUND/final/keep');
    assert.equal(summary(statusError('[DIVIDE_BY_ZERO] Division by zero.')), 'failed/DIVIDE_BY_ZERO/final/keep');
  });

  test('anything else is a plain failure with no detail from its text', () => {
    assert.equal(summary(new TypeError(`x is undefined ${SECRET_TEXT}`)), 'failed/DRIVER_ERROR/final/discard');
    assert.equal(summary('a string'), 'failed/DRIVER_ERROR/final/discard');
  });
});

describe('SQL failures reported by the warehouse', () => {
  const cases: Array<[report: Parameters<typeof sqlFailure>[0], expected: string]> = [
    [{ sqlState: '42P01', errorMessage: `[TABLE_OR_VIEW_NOT_FOUND] The table or view ${SECRET_TEXT} cannot be found. SQLSTATE: 42P01` }, 'rejected/TABLE_OR_VIEW_NOT_FOUND'],
    [{ sqlState: '42883', errorMessage: 'org.apache.hive.service.cli.HiveSQLException: Error running query: [UNRESOLVED_ROUTINE] Cannot resolve routine `list_contains`' }, 'rejected/UNRESOLVED_ROUTINE'],
    [{ sqlState: '42501', errorMessage: '[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table' }, 'rejected/INSUFFICIENT_PERMISSIONS'],
    [{ sqlState: '42501', errorMessage: 'User does not have USE SCHEMA on Schema' }, 'rejected/PERMISSION_DENIED'],
    [{ sqlState: '57KD0', errorMessage: '[QUERY_EXECUTION_TIMEOUT_EXCEEDED] Query execution was cancelled due to exceeding the timeout (30s).' }, 'timeout/QUERY_EXECUTION_TIMEOUT_EXCEEDED'],
    [{ sqlState: '22012', errorMessage: '[DIVIDE_BY_ZERO] Division by zero.' }, 'failed/DIVIDE_BY_ZERO'],
    [{ sqlState: 'XX000', errorMessage: 'java.lang.NullPointerException at some.Class' }, 'failed/SQLSTATE_XX000'],
    [{ displayMessage: '[PARSE_SYNTAX_ERROR] Syntax error at or near \'$\'.' }, 'rejected/PARSE_SYNTAX_ERROR'],
    [{}, 'failed/undefined'],
  ];
  for (const [report, expected] of cases) {
    test(`${report.errorMessage ?? report.displayMessage ?? 'no message'} → ${expected}`, () => {
      const error = sqlFailure(report);
      assert.equal(`${error.code}/${error.detail}`, expected);
      assert.ok(!error.message.includes('kineo_acme') && !error.message.includes('list_contains'));
    });
  }

  test('only a bracketed upper-case class is taken from a message', () => {
    assert.equal(errorClassOf('Error running query: [WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `x` requires'), 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION');
    assert.equal(errorClassOf("value ['a', 'b'] is not a class"), undefined);
    assert.equal(errorClassOf(undefined), undefined);
  });
});
