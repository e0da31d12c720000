/** ComponentStatus (pkg/registry/core/componentstatus): a storage of its own, computed from the control plane's static pods on each read, never stored. */
import { COMPONENT_STATUS_WARNING, componentStatus, componentStatuses } from '../../component-status.ts';
import type { ResourceStrategy } from '../strategy.ts';

export const componentStatusStrategy: ResourceStrategy = {
  computed: { get: componentStatus, list: componentStatuses, warning: COMPONENT_STATUS_WARNING },
};
