// `npx cem analyze` (run by `npm run build`): writes packages/elements/custom-elements.json from the
// element classes' JSDoc (@summary, @fires, @csspart, @cssprop, @slot) and their static
// `properties`. The analyzer parses TypeScript with its own TypeScript 5 (TypeScript 7 has no JS API).
export default {
  globs: ['packages/elements/src/**/*.component.ts'],
  exclude: ['**/*.test.ts'],
  outdir: 'packages/elements',
  litelement: true,
  dependencies: false,
  // The manifest belongs to @kineo/elements (its package.json names it); leave the root's alone.
  packagejson: false,
};
