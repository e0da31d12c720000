/**
 * OpenAPI definitions of core/v1 scheduling and security of a pod: affinity, tolerations, topology spread, security contexts, DNS, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, oneOf } from '../dsl.ts';

/** Core/v1 scheduling and security of a pod: affinity, tolerations, topology spread, security contexts, DNS. */
export const SCHEDULING: Definitions = {
  "Affinity": {
    p: {
      nodeAffinity: "NodeAffinity",
      podAffinity: "PodAffinity",
      podAntiAffinity: "PodAntiAffinity",
    },
  },
  "AppArmorProfile": {
    r: ["type"],
    p: {
      localhostProfile: "string",
      type: ["string", oneOf('APP_ARMOR_PROFILE_TYPE')],
    },
  },
  "Capabilities": {
    p: {
      add: "[]string",
      drop: "[]string",
    },
  },
  "ContainerUser": {
    p: {
      linux: "LinuxContainerUser",
    },
  },
  "HostAlias": {
    r: ["ip"],
    p: {
      hostnames: "[]string",
      ip: "string",
    },
  },
  "LinuxContainerUser": {
    r: ["gid","uid"],
    p: {
      gid: "int64",
      supplementalGroups: "[]int64",
      uid: "int64",
    },
  },
  "PodAffinity": {
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: "[]WeightedPodAffinityTerm",
      requiredDuringSchedulingIgnoredDuringExecution: "[]PodAffinityTerm",
    },
  },
  "PodAffinityTerm": {
    r: ["topologyKey"],
    p: {
      labelSelector: "meta.LabelSelector",
      matchLabelKeys: "[]string",
      mismatchLabelKeys: "[]string",
      namespaceSelector: "meta.LabelSelector",
      namespaces: "[]string",
      topologyKey: "string",
    },
  },
  "PodAntiAffinity": {
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: "[]WeightedPodAffinityTerm",
      requiredDuringSchedulingIgnoredDuringExecution: "[]PodAffinityTerm",
    },
  },
  "PodDNSConfig": {
    p: {
      nameservers: "[]string",
      options: "[]PodDNSConfigOption",
      searches: "[]string",
    },
  },
  "PodDNSConfigOption": {
    p: {
      name: "string",
      value: "string",
    },
  },
  "PodOS": {
    r: ["name"],
    p: {
      name: "string",
    },
  },
  "PodReadinessGate": {
    r: ["conditionType"],
    p: {
      conditionType: "string",
    },
  },
  "PodResourceClaim": {
    r: ["name"],
    p: {
      name: "string",
      resourceClaimName: "string",
      resourceClaimTemplateName: "string",
    },
  },
  "PodSchedulingGate": {
    r: ["name"],
    p: {
      name: "string",
    },
  },
  "PodSecurityContext": {
    p: {
      appArmorProfile: "AppArmorProfile",
      fsGroup: "int64",
      fsGroupChangePolicy: ["string", oneOf('FS_GROUP_CHANGE_POLICY')],
      runAsGroup: "int64",
      runAsNonRoot: "boolean",
      runAsUser: "int64",
      seLinuxChangePolicy: "string",
      seLinuxOptions: "SELinuxOptions",
      seccompProfile: "SeccompProfile",
      supplementalGroups: "[]int64",
      supplementalGroupsPolicy: ["string", oneOf('SUPPLEMENTAL_GROUPS_POLICY')],
      sysctls: "[]Sysctl",
      windowsOptions: "WindowsSecurityContextOptions",
    },
  },
  "PreferredSchedulingTerm": {
    r: ["preference","weight"],
    p: {
      preference: "NodeSelectorTerm",
      weight: "int32",
    },
  },
  "SeccompProfile": {
    r: ["type"],
    p: {
      localhostProfile: "string",
      type: ["string", oneOf('SECCOMP_PROFILE_TYPE')],
    },
  },
  "SecurityContext": {
    p: {
      allowPrivilegeEscalation: "boolean",
      appArmorProfile: "AppArmorProfile",
      capabilities: "Capabilities",
      privileged: "boolean",
      procMount: ["string", oneOf('PROC_MOUNT')],
      readOnlyRootFilesystem: "boolean",
      runAsGroup: "int64",
      runAsNonRoot: "boolean",
      runAsUser: "int64",
      seLinuxOptions: "SELinuxOptions",
      seccompProfile: "SeccompProfile",
      windowsOptions: "WindowsSecurityContextOptions",
    },
  },
  "SELinuxOptions": {
    p: {
      level: "string",
      role: "string",
      type: "string",
      user: "string",
    },
  },
  "Sysctl": {
    r: ["name","value"],
    p: {
      name: "string",
      value: "string",
    },
  },
  "Toleration": {
    p: {
      effect: ["string", oneOf('TAINT_EFFECT')],
      key: "string",
      operator: ["string", oneOf('TOLERATION_OPERATOR')],
      tolerationSeconds: "int64",
      value: "string",
    },
  },
  "TopologySpreadConstraint": {
    r: ["maxSkew","topologyKey","whenUnsatisfiable"],
    p: {
      labelSelector: "meta.LabelSelector",
      matchLabelKeys: "[]string",
      maxSkew: "int32",
      minDomains: "int32",
      nodeAffinityPolicy: ["string", oneOf('NODE_INCLUSION_POLICY')],
      nodeTaintsPolicy: ["string", oneOf('NODE_INCLUSION_POLICY')],
      topologyKey: "string",
      whenUnsatisfiable: ["string", oneOf('UNSATISFIABLE_ACTION')],
    },
  },
  "WeightedPodAffinityTerm": {
    r: ["podAffinityTerm","weight"],
    p: {
      podAffinityTerm: "PodAffinityTerm",
      weight: "int32",
    },
  },
  "WindowsSecurityContextOptions": {
    p: {
      gmsaCredentialSpec: "string",
      gmsaCredentialSpecName: "string",
      hostProcess: "boolean",
      runAsUserName: "string",
    },
  },
};
