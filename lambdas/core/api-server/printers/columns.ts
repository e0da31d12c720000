/**
 * Column definitions shared by the printers, and the metadata descriptions the real server takes
 * from ObjectMeta's API documentation. Other descriptions are the server's own words, shortened
 * where the API reference runs long.
 */
import type { TableColumnDefinition } from './table.ts';

/** ObjectMeta.name, as documented by the API. */
export const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

/** ObjectMeta.creationTimestamp, as documented by the API. */
export const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

/**
 * A column of type string; `priority` 1 marks a wide-only column. Printers call it marked
 * `/* @__PURE__ *\/`, so a bundle that uses a printer's cells only (the course API's live view)
 * leaves its columns and their descriptions out (test/cdk/bundles.test.ts).
 */
export function column(name: string, description: string, priority = 0, type: TableColumnDefinition['type'] = 'string'): TableColumnDefinition {
  return { name, type, format: '', description, priority };
}

/** The NAME column every printer starts with. */
export const NAME_COLUMN: TableColumnDefinition = { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 };

/** The AGE column. */
export const AGE_COLUMN: TableColumnDefinition = /* @__PURE__ */ column('Age', CREATION_TIMESTAMP_DESCRIPTION);

/** CONTAINERS and IMAGES of a workload's pod template (wide). */
export const CONTAINERS_COLUMN = /* @__PURE__ */ column('Containers', 'Names of each container in the template.', 1);
export const IMAGES_COLUMN = /* @__PURE__ */ column('Images', 'Images referenced by each container in the template.', 1);

/** Names and images of containers, comma-separated, as the wide columns show them. */
export function containerCells(containers: readonly { readonly name: string; readonly image: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image).join(',')];
}
