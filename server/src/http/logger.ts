/** A structured log line. Callers never put tokens, SQL, values or stack traces in one. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** JSON lines on stdout/stderr. */
export function jsonLogger(write: (line: string, level: string) => void = defaultWrite): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }), level);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

function defaultWrite(line: string, level: string): void {
  (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
