/**
 * ControllerRevision (pkg/registry/apps/controllerrevision): what the DaemonSet and StatefulSet
 * controllers record of each template; its data is required and never changes, its revision is
 * not negative.
 */
import { invalid, required } from '../../field-errors.ts';
import { canonicalJson } from '../../../pods.ts';
import { FIELD_IMMUTABLE_MESSAGE, validateNonnegative } from '../../validate-meta.ts';
import type { WireObject } from '../../wire.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const controllerRevisionStrategy: ResourceStrategy = {
  validate: (revision) => [...(revision['data'] === undefined || revision['data'] === null ? [required('data', 'data is mandatory')] : []), ...validateNonnegative(revision['revision'], 'revision')],
  validateUpdate: (revision: WireObject, old: WireObject) =>
    canonicalJson(revision['data']) === canonicalJson(old['data']) ? [] : [invalid('data', { goSyntax: 'runtime.RawExtension{...}' }, FIELD_IMMUTABLE_MESSAGE)],
  zeroObject: () => ({ metadata: {}, data: null, revision: 0 }),
};
