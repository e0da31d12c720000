/**
 * The yaml package as one ES module, the entry of the copy built beside each function's bundle as
 * `node_modules/yaml/index.mjs` (./bundling.ts). The package is CommonJS, and an ES module built
 * from CommonJS only knows the names it re-exports by name (`export *` would give `default` alone),
 * so each is listed: test/cdk/bundles.test.ts fails when yaml exports one this does not.
 */
export {
  Alias,
  Composer,
  CST,
  Document,
  isAlias,
  isCollection,
  isDocument,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Pair,
  Parser,
  parse,
  parseAllDocuments,
  parseDocument,
  Scalar,
  Schema,
  stringify,
  visit,
  visitAsync,
  YAMLError,
  YAMLMap,
  YAMLParseError,
  YAMLSeq,
  YAMLWarning,
} from 'yaml';
export { default } from 'yaml';
