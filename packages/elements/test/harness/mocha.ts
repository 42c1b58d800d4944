// Typed handles on mocha's globals (set by @web/test-runner before a test file loads; the
// project's tsconfig loads only Node types). Suites use `function () {}` to reach `this.timeout`.

export interface MochaContext {
  timeout(ms: number): void;
  slow(ms: number): void;
  skip(): never;
}

type Body = (this: MochaContext) => void | Promise<void>;

interface MochaGlobals {
  describe: (name: string, body: (this: MochaContext) => void) => void;
  it: ((name: string, body: Body) => void) & { skip(name: string, body?: Body): void };
  before: (body: Body) => void;
  after: (body: Body) => void;
  beforeEach: (body: Body) => void;
  afterEach: (body: Body) => void;
}

const mocha = globalThis as unknown as MochaGlobals;

export const describe: MochaGlobals['describe'] = (name, body) => mocha.describe(name, body);
export const it: MochaGlobals['it'] = Object.assign((name: string, body: Body) => mocha.it(name, body), {
  skip: (name: string, body?: Body) => mocha.it.skip(name, body),
});
export const before: MochaGlobals['before'] = (body) => mocha.before(body);
export const after: MochaGlobals['after'] = (body) => mocha.after(body);
export const beforeEach: MochaGlobals['beforeEach'] = (body) => mocha.beforeEach(body);
export const afterEach: MochaGlobals['afterEach'] = (body) => mocha.afterEach(body);
