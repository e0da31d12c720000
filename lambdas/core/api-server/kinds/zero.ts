/** Zero values that several kinds' strategies share. */
import type { Json } from '../wire.ts';

/** A pod template as a zero Go PodTemplateSpec marshals: its metadata's zero time is null, its containers a nil slice. */
export function zeroTemplate(): Json {
  return { metadata: { creationTimestamp: null }, spec: { containers: null } };
}
