/**
 * OpenAPI definitions of core/v1 scheduling and security of a pod: affinity, tolerations, topology spread, security contexts, DNS, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, oneOf } from '../dsl.ts';
import { APP_ARMOR_PROFILE_TYPE, FS_GROUP_CHANGE_POLICY, NODE_INCLUSION_POLICY, PROC_MOUNT, SECCOMP_PROFILE_TYPE, SUPPLEMENTAL_GROUPS_POLICY, TAINT_EFFECT, TOLERATION_OPERATOR, UNSATISFIABLE_ACTION } from '../enums.ts';

/** Core/v1 scheduling and security of a pod: affinity, tolerations, topology spread, security contexts, DNS. */
export const SCHEDULING: Definitions = {
  "Affinity": {
    d: "Affinity is a group of affinity scheduling rules.",
    p: {
      nodeAffinity: ["NodeAffinity", "Describes node affinity scheduling rules for the pod."],
      podAffinity: ["PodAffinity", "Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s))."],
      podAntiAffinity: ["PodAntiAffinity", "Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s))."],
    },
  },
  "AppArmorProfile": {
    d: "AppArmorProfile defines a pod or container's AppArmor settings.",
    r: ["type"],
    p: {
      localhostProfile: ["string", "localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile."],
      type: ["string", "type indicates which kind of AppArmor profile will be applied. Valid options are: Localhost - a profile pre-loaded on the node. RuntimeDefault - the container runtime's default profile.", oneOf(APP_ARMOR_PROFILE_TYPE)],
    },
  },
  "Capabilities": {
    d: "Adds and removes POSIX capabilities from running containers.",
    p: {
      add: ["[]string", "Added capabilities"],
      drop: ["[]string", "Removed capabilities"],
    },
  },
  "ContainerUser": {
    d: "ContainerUser represents user identity information",
    p: {
      linux: ["LinuxContainerUser", "LinuxContainerUser represents user identity information in Linux containers"],
    },
  },
  "HostAlias": {
    d: "HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod's hosts file.",
    r: ["ip"],
    p: {
      hostnames: ["[]string", "Hostnames for the above IP address."],
      ip: ["string", "IP address of the host file entry."],
    },
  },
  "LinuxContainerUser": {
    d: "LinuxContainerUser represents user identity information in Linux containers",
    r: ["gid","uid"],
    p: {
      gid: ["int64", "GID is the primary gid initially attached to the first process in the container"],
      supplementalGroups: ["[]int64", "SupplementalGroups are the supplemental groups initially attached to the first process in the container"],
      uid: ["int64", "UID is the primary uid initially attached to the first process in the container"],
    },
  },
  "PodAffinity": {
    d: "Pod affinity is a group of inter pod affinity scheduling rules.",
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: ["[]WeightedPodAffinityTerm", "The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions."],
      requiredDuringSchedulingIgnoredDuringExecution: ["[]PodAffinityTerm", "If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node."],
    },
  },
  "PodAffinityTerm": {
    d: "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running",
    r: ["topologyKey"],
    p: {
      labelSelector: ["meta.LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."],
      matchLabelKeys: ["[]string", "MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration."],
      mismatchLabelKeys: ["[]string", "MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration."],
      namespaceSelector: ["meta.LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."],
      namespaces: ["[]string", "namespaces specifies a static list of namespace names that the term applies to."],
      topologyKey: ["string", "This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected pods is running."],
    },
  },
  "PodAntiAffinity": {
    d: "Pod anti affinity is a group of inter pod anti affinity scheduling rules.",
    p: {
      preferredDuringSchedulingIgnoredDuringExecution: ["[]WeightedPodAffinityTerm", "The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions."],
      requiredDuringSchedulingIgnoredDuringExecution: ["[]PodAffinityTerm", "If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node."],
    },
  },
  "PodDNSConfig": {
    d: "PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.",
    p: {
      nameservers: ["[]string", "A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy. Duplicated nameservers will be removed."],
      options: ["[]PodDNSConfigOption", "A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy. Duplicated entries will be removed."],
      searches: ["[]string", "A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy. Duplicated search paths will be removed."],
    },
  },
  "PodDNSConfigOption": {
    d: "PodDNSConfigOption defines DNS resolver options of a pod.",
    p: {
      name: ["string", "Name is this DNS resolver option's name. Required."],
      value: ["string", "Value is this DNS resolver option's value."],
    },
  },
  "PodOS": {
    d: "PodOS defines the OS parameters of a pod.",
    r: ["name"],
    p: {
      name: ["string", "Name is the name of the operating system. The currently supported values are linux and windows."],
    },
  },
  "PodReadinessGate": {
    d: "PodReadinessGate contains the reference to a pod condition",
    r: ["conditionType"],
    p: {
      conditionType: ["string", "ConditionType refers to a condition in the pod's condition list with matching type."],
    },
  },
  "PodResourceClaim": {
    d: "PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod. It adds a name to it that uniquely identifies the ResourceClaim inside the Pod.",
    r: ["name"],
    p: {
      name: ["string", "Name uniquely identifies this resource claim inside the pod. This must be a DNS_LABEL."],
      resourceClaimName: ["string", "ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod. Exactly one of ResourceClaimName and ResourceClaimTemplateName must be set."],
      resourceClaimTemplateName: ["string", "ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod. The template will be used to create a new ResourceClaim, which will be bound to this pod."],
    },
  },
  "PodSchedulingGate": {
    d: "PodSchedulingGate is associated to a Pod to guard its scheduling.",
    r: ["name"],
    p: {
      name: ["string", "Name of the scheduling gate. Each scheduling gate must have a unique name field."],
    },
  },
  "PodSecurityContext": {
    d: "PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext. Field values of container.securityContext take precedence over field values of PodSecurityContext.",
    p: {
      appArmorProfile: ["AppArmorProfile", "AppArmorProfile defines a pod or container's AppArmor settings."],
      fsGroup: ["int64", "A special supplemental group that applies to all containers in a pod. Some volume types allow the Kubelet to change the ownership of that volume to be owned by the pod: 1. The owning GID will be the FSGroup 2."],
      fsGroupChangePolicy: ["string", "fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod. This field will only apply to volume types which support fsGroup based ownership(and permissions).", oneOf(FS_GROUP_CHANGE_POLICY)],
      runAsGroup: ["int64", "The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in SecurityContext."],
      runAsNonRoot: ["boolean", "Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does."],
      runAsUser: ["int64", "The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in SecurityContext."],
      seLinuxChangePolicy: ["string", "seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are \"MountOption\" and \"Recursive\"."],
      seLinuxOptions: ["SELinuxOptions", "SELinuxOptions are the labels to be applied to the container"],
      seccompProfile: ["SeccompProfile", "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set."],
      supplementalGroups: ["[]int64", "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified)."],
      supplementalGroupsPolicy: ["string", "Defines how supplemental groups of the first container processes are calculated. Valid values are \"Merge\" and \"Strict\". If not specified, \"Merge\" is used.", oneOf(SUPPLEMENTAL_GROUPS_POLICY)],
      sysctls: ["[]Sysctl", "Sysctls hold a list of namespaced sysctls used for the pod. Pods with unsupported sysctls (by the container runtime) might fail to launch. Note that this field cannot be set when spec.os.name is windows."],
      windowsOptions: ["WindowsSecurityContextOptions", "WindowsSecurityContextOptions contain Windows-specific options and credentials."],
    },
  },
  "PreferredSchedulingTerm": {
    d: "An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it's a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op).",
    r: ["preference","weight"],
    p: {
      preference: ["NodeSelectorTerm", "A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm."],
      weight: ["int32", "Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100."],
    },
  },
  "SeccompProfile": {
    d: "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set.",
    r: ["type"],
    p: {
      localhostProfile: ["string", "localhostProfile indicates a profile defined in a file on the node should be used. The profile must be preconfigured on the node to work. Must be a descending path, relative to the kubelet's configured seccomp profile location."],
      type: ["string", "type indicates which kind of seccomp profile will be applied. Valid options are: Localhost - a profile defined in a file on the node should be used. RuntimeDefault - the container runtime default profile should be used.", oneOf(SECCOMP_PROFILE_TYPE)],
    },
  },
  "SecurityContext": {
    d: "SecurityContext holds security configuration that will be applied to a container. Some fields are present in both SecurityContext and PodSecurityContext. When both are set, the values in SecurityContext take precedence.",
    p: {
      allowPrivilegeEscalation: ["boolean", "AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process. This bool directly controls if the no_new_privs flag will be set on the container process."],
      appArmorProfile: ["AppArmorProfile", "AppArmorProfile defines a pod or container's AppArmor settings."],
      capabilities: ["Capabilities", "Adds and removes POSIX capabilities from running containers."],
      privileged: ["boolean", "Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false."],
      procMount: ["string", "procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths. This requires the ProcMountType feature flag to be enabled.", oneOf(PROC_MOUNT)],
      readOnlyRootFilesystem: ["boolean", "Whether this container has a read-only root filesystem. Default is false. Note that this field cannot be set when spec.os.name is windows."],
      runAsGroup: ["int64", "The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in PodSecurityContext."],
      runAsNonRoot: ["boolean", "Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does."],
      runAsUser: ["int64", "The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in PodSecurityContext."],
      seLinuxOptions: ["SELinuxOptions", "SELinuxOptions are the labels to be applied to the container"],
      seccompProfile: ["SeccompProfile", "SeccompProfile defines a pod/container's seccomp profile settings. Only one profile source may be set."],
      windowsOptions: ["WindowsSecurityContextOptions", "WindowsSecurityContextOptions contain Windows-specific options and credentials."],
    },
  },
  "SELinuxOptions": {
    d: "SELinuxOptions are the labels to be applied to the container",
    p: {
      level: ["string", "Level is SELinux level label that applies to the container."],
      role: ["string", "Role is a SELinux role label that applies to the container."],
      type: ["string", "Type is a SELinux type label that applies to the container."],
      user: ["string", "User is a SELinux user label that applies to the container."],
    },
  },
  "Sysctl": {
    d: "Sysctl defines a kernel parameter to be set",
    r: ["name","value"],
    p: {
      name: ["string", "Name of a property to set"],
      value: ["string", "Value of a property to set"],
    },
  },
  "Toleration": {
    d: "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.",
    p: {
      effect: ["string", "Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.", oneOf(TAINT_EFFECT)],
      key: ["string", "Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys."],
      operator: ["string", "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.", oneOf(TOLERATION_OPERATOR)],
      tolerationSeconds: ["int64", "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict)."],
      value: ["string", "Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string."],
    },
  },
  "TopologySpreadConstraint": {
    d: "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
    r: ["maxSkew","topologyKey","whenUnsatisfiable"],
    p: {
      labelSelector: ["meta.LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."],
      matchLabelKeys: ["[]string", "MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated."],
      maxSkew: ["int32", "MaxSkew describes the degree to which pods may be unevenly distributed. When `whenUnsatisfiable=DoNotSchedule`, it is the maximum permitted difference between the number of matching pods in the target topology and the global minimum."],
      minDomains: ["int32", "MinDomains indicates a minimum number of eligible domains. When the number of eligible domains with matching topology keys is less than minDomains, Pod Topology Spread treats \"global minimum\" as 0, and then the calculation of Skew is performed."],
      nodeAffinityPolicy: ["string", "NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew.", oneOf(NODE_INCLUSION_POLICY)],
      nodeTaintsPolicy: ["string", "NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.", oneOf(NODE_INCLUSION_POLICY)],
      topologyKey: ["string", "TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology. We consider each <key, value> as a \"bucket\", and try to put balanced number of pods into each bucket."],
      whenUnsatisfiable: ["string", "WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint. - DoNotSchedule (default) tells the scheduler not to schedule it. - ScheduleAnyway tells the scheduler to schedule the pod in any location, but giving higher precedence to topologies that would help reduce the skew.", oneOf(UNSATISFIABLE_ACTION)],
    },
  },
  "WeightedPodAffinityTerm": {
    d: "The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)",
    r: ["podAffinityTerm","weight"],
    p: {
      podAffinityTerm: ["PodAffinityTerm", "Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that of any node on which a pod of the set of pods is running"],
      weight: ["int32", "weight associated with matching the corresponding podAffinityTerm, in the range 1-100."],
    },
  },
  "WindowsSecurityContextOptions": {
    d: "WindowsSecurityContextOptions contain Windows-specific options and credentials.",
    p: {
      gmsaCredentialSpec: ["string", "GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field."],
      gmsaCredentialSpecName: ["string", "GMSACredentialSpecName is the name of the GMSA credential spec to use."],
      hostProcess: ["boolean", "HostProcess determines if a container should be run as a 'Host Process' container. All of a Pod's containers must have the same effective HostProcess value (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers)."],
      runAsUserName: ["string", "The UserName in Windows to run the entrypoint of the container process. Defaults to the user specified in image metadata if unspecified. May also be set in PodSecurityContext."],
    },
  },
};
