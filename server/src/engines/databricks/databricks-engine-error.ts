import { EngineError } from '../engine.js';

/**
 * An `EngineError` from the Databricks engine: its `detail` is a Databricks error class such as
 * `TABLE_OR_VIEW_NOT_FOUND`, or an engine code such as `CONNECTION_DROPPED`. Never driver text.
 */
export class DatabricksEngineError extends EngineError {
  override readonly name = 'DatabricksEngineError';
}
