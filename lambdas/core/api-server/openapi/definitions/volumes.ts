/**
 * OpenAPI definitions of core/v1 volumes of a pod: the volume sources, projections and ephemeral claims, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, oneOf } from '../dsl.ts';
import { HOST_PATH_TYPE, PULL_POLICY } from '../enums.ts';

/** Core/v1 volumes of a pod: the volume sources, projections and ephemeral claims. */
export const VOLUMES: Definitions = {
  "AWSElasticBlockStoreVolumeSource": { d: "Represents a Persistent Disk resource in AWS. An AWS EBS disk must exist before mounting to a container. The disk must also be in the same AWS zone as the kubelet.", opaque: true },
  "AzureDiskVolumeSource": { d: "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.", opaque: true },
  "AzureFileVolumeSource": { d: "AzureFile represents an Azure File Service mount on the host and bind mount to the pod.", opaque: true },
  "CephFSVolumeSource": { d: "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.", opaque: true },
  "CinderVolumeSource": { d: "Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet.", opaque: true },
  "ClusterTrustBundleProjection": {
    d: "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.",
    r: ["path"],
    p: {
      labelSelector: ["meta.LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."],
      name: ["string", "Select a single ClusterTrustBundle by object name. Mutually-exclusive with signerName and labelSelector."],
      optional: ["boolean", "If true, don't block pod startup if the referenced ClusterTrustBundle(s) aren't available. If using name, then the named ClusterTrustBundle is allowed not to exist."],
      path: ["string", "Relative path from the volume root to write the bundle."],
      signerName: ["string", "Select all ClusterTrustBundles that match this signer name. Mutually-exclusive with name. The contents of all selected ClusterTrustBundles will be unified and deduplicated."],
    },
  },
  "ConfigMapProjection": {
    d: "Adapts a ConfigMap into a projected volume.",
    p: {
      items: ["[]KeyToPath", "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value."],
      name: ["string", "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong."],
      optional: ["boolean", "optional specify whether the ConfigMap or its keys must be defined"],
    },
  },
  "ConfigMapVolumeSource": {
    d: "Adapts a ConfigMap into a volume. The contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths.",
    p: {
      defaultMode: ["int32", "defaultMode is optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits."],
      items: ["[]KeyToPath", "items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value."],
      name: ["string", "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong."],
      optional: ["boolean", "optional specify whether the ConfigMap or its keys must be defined"],
    },
  },
  "CSIVolumeSource": {
    d: "Represents a source location of a volume to mount, managed by an external CSI driver",
    r: ["driver"],
    p: {
      driver: ["string", "driver is the name of the CSI driver that handles this volume. Consult with your admin for the correct name as registered in the cluster."],
      fsType: ["string", "fsType to mount. Ex. \"ext4\", \"xfs\", \"ntfs\"."],
      nodePublishSecretRef: ["LocalObjectReference", "LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace."],
      readOnly: ["boolean", "readOnly specifies a read-only configuration for the volume. Defaults to false (read/write)."],
      volumeAttributes: ["{}string", "volumeAttributes stores driver-specific properties that are passed to the CSI driver. Consult your driver's documentation for supported values."],
    },
  },
  "DownwardAPIProjection": {
    d: "Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode.",
    p: {
      items: ["[]DownwardAPIVolumeFile", "Items is a list of DownwardAPIVolume file"],
    },
  },
  "DownwardAPIVolumeFile": {
    d: "DownwardAPIVolumeFile represents information to create the file containing the pod field",
    r: ["path"],
    p: {
      fieldRef: ["ObjectFieldSelector", "ObjectFieldSelector selects an APIVersioned field of an object."],
      mode: ["int32", "Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits."],
      path: ["string", "Required: Path is the relative path name of the file to be created. Must not be absolute or contain the '..' path. Must be utf-8 encoded."],
      resourceFieldRef: ["ResourceFieldSelector", "ResourceFieldSelector represents container resources (cpu, memory) and their output format"],
    },
  },
  "DownwardAPIVolumeSource": {
    d: "DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling.",
    p: {
      defaultMode: ["int32", "Optional: mode bits to use on created files by default. Must be a Optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511."],
      items: ["[]DownwardAPIVolumeFile", "Items is a list of downward API volume file"],
    },
  },
  "EmptyDirVolumeSource": {
    d: "Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.",
    p: {
      medium: ["string", "medium represents what type of storage medium should back this directory. The default is \"\" which means to use the node's default medium. Must be an empty string (default) or Memory."],
      sizeLimit: ["Quantity", "sizeLimit is the total amount of local storage required for this EmptyDir volume. The size limit is also applicable for memory medium."],
    },
  },
  "EphemeralVolumeSource": {
    d: "Represents an ephemeral volume that is handled by a normal storage driver.",
    p: {
      volumeClaimTemplate: ["PersistentVolumeClaimTemplate", "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource."],
    },
  },
  "FCVolumeSource": { d: "Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling.", opaque: true },
  "FlexVolumeSource": { d: "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.", opaque: true },
  "FlockerVolumeSource": { d: "Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling.", opaque: true },
  "GCEPersistentDiskVolumeSource": { d: "Represents a Persistent Disk resource in Google Compute Engine. A GCE PD must exist before mounting to a container. The disk must also be in the same GCE project and zone as the kubelet.", opaque: true },
  "GitRepoVolumeSource": { d: "Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling.", opaque: true },
  "GlusterfsVolumeSource": { d: "Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling.", opaque: true },
  "HostPathVolumeSource": {
    d: "Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling.",
    r: ["path"],
    p: {
      path: ["string", "path of the directory on the host. If the path is a symlink, it will follow the link to the real path. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath"],
      type: ["string", "type for HostPath Volume Defaults to \"\" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath", oneOf(HOST_PATH_TYPE)],
    },
  },
  "ImageVolumeSource": {
    d: "ImageVolumeSource represents a image volume resource.",
    p: {
      pullPolicy: ["string", "Policy for pulling OCI objects. Possible values are: Always: the kubelet always attempts to pull the reference. Container creation will fail If the pull fails.", oneOf(PULL_POLICY)],
      reference: ["string", "Required: Image or artifact reference to be used. Behaves in the same way as pod.spec.containers[*].image."],
    },
  },
  "ISCSIVolumeSource": { d: "Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling.", opaque: true },
  "KeyToPath": {
    d: "Maps a string key to a path within a volume.",
    r: ["key","path"],
    p: {
      key: ["string", "key is the key to project."],
      mode: ["int32", "mode is Optional: mode bits used to set permissions on this file. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits."],
      path: ["string", "path is the relative path of the file to map the key to. May not be an absolute path. May not contain the path element '..'."],
    },
  },
  "NFSVolumeSource": { d: "Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling.", opaque: true },
  "PersistentVolumeClaimSpec": {
    d: "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes",
    p: {
      accessModes: ["[]string", "accessModes contains the desired access modes the volume should have. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"],
      dataSource: ["TypedLocalObjectReference", "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace."],
      dataSourceRef: ["TypedObjectReference", "TypedObjectReference contains enough information to let you locate the typed referenced object"],
      resources: ["VolumeResourceRequirements", "VolumeResourceRequirements describes the storage resource requirements for a volume."],
      selector: ["meta.LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects."],
      storageClassName: ["string", "storageClassName is the name of the StorageClass required by the claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#class-1"],
      volumeAttributesClassName: ["string", "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim. If specified, the CSI driver will create or update the volume with the attributes defined in the corresponding VolumeAttributesClass."],
      volumeMode: ["string", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec."],
      volumeName: ["string", "volumeName is the binding reference to the PersistentVolume backing this claim."],
    },
  },
  "PersistentVolumeClaimTemplate": {
    d: "PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.",
    r: ["spec"],
    p: {
      metadata: ["meta.ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"],
      spec: ["PersistentVolumeClaimSpec", "The specification for the PersistentVolumeClaim. The entire content is copied unchanged into the PVC that gets created from this template."],
    },
  },
  "PersistentVolumeClaimVolumeSource": {
    d: "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod.",
    r: ["claimName"],
    p: {
      claimName: ["string", "claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims"],
      readOnly: ["boolean", "readOnly Will force the ReadOnly setting in VolumeMounts. Default false."],
    },
  },
  "PhotonPersistentDiskVolumeSource": { d: "Represents a Photon Controller persistent disk resource.", opaque: true },
  "PortworxVolumeSource": { d: "PortworxVolumeSource represents a Portworx volume resource.", opaque: true },
  "ProjectedVolumeSource": {
    d: "Represents a projected volume source",
    p: {
      defaultMode: ["int32", "defaultMode are the mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits."],
      sources: ["[]VolumeProjection", "sources is the list of volume projections. Each entry in this list handles one source."],
    },
  },
  "QuobyteVolumeSource": { d: "Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling.", opaque: true },
  "RBDVolumeSource": { d: "Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling.", opaque: true },
  "ScaleIOVolumeSource": { d: "ScaleIOVolumeSource represents a persistent ScaleIO volume", opaque: true },
  "SecretProjection": {
    d: "Adapts a secret into a projected volume. The contents of the target Secret's Data field will be presented in a projected volume as files using the keys in the Data field as the file names.",
    p: {
      items: ["[]KeyToPath", "items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value."],
      name: ["string", "Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong."],
      optional: ["boolean", "optional field specify whether the Secret or its key must be defined"],
    },
  },
  "SecretVolumeSource": {
    d: "Adapts a Secret into a volume. The contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names. Secret volumes support ownership management and SELinux relabeling.",
    p: {
      defaultMode: ["int32", "defaultMode is Optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values, JSON requires decimal values for mode bits."],
      items: ["[]KeyToPath", "items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value."],
      optional: ["boolean", "optional field specify whether the Secret or its keys must be defined"],
      secretName: ["string", "secretName is the name of the secret in the pod's namespace to use. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret"],
    },
  },
  "ServiceAccountTokenProjection": {
    d: "ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise).",
    r: ["path"],
    p: {
      audience: ["string", "audience is the intended audience of the token. A recipient of a token must identify itself with an identifier specified in the audience of the token, and otherwise should reject the token. The audience defaults to the identifier of the apiserver."],
      expirationSeconds: ["int64", "expirationSeconds is the requested duration of validity of the service account token. As the token approaches expiration, the kubelet volume plugin will proactively rotate the service account token."],
      path: ["string", "path is the path relative to the mount point of the file to project the token into."],
    },
  },
  "StorageOSVolumeSource": { d: "Represents a StorageOS persistent volume resource.", opaque: true },
  "TypedLocalObjectReference": {
    d: "TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.",
    r: ["kind","name"],
    p: {
      apiGroup: ["string", "APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required."],
      kind: ["string", "Kind is the type of resource being referenced"],
      name: ["string", "Name is the name of resource being referenced"],
    },
  },
  "TypedObjectReference": {
    d: "TypedObjectReference contains enough information to let you locate the typed referenced object",
    r: ["kind","name"],
    p: {
      apiGroup: ["string", "APIGroup is the group for the resource being referenced. If APIGroup is not specified, the specified Kind must be in the core API group. For any other third-party types, APIGroup is required."],
      kind: ["string", "Kind is the type of resource being referenced"],
      name: ["string", "Name is the name of resource being referenced"],
      namespace: ["string", "Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace's owner to accept the reference."],
    },
  },
  "Volume": {
    d: "Volume represents a named volume in a pod that may be accessed by any container in the pod.",
    r: ["name"],
    p: {
      awsElasticBlockStore: ["AWSElasticBlockStoreVolumeSource", "Represents a Persistent Disk resource in AWS. An AWS EBS disk must exist before mounting to a container. The disk must also be in the same AWS zone as the kubelet."],
      azureDisk: ["AzureDiskVolumeSource", "AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod."],
      azureFile: ["AzureFileVolumeSource", "AzureFile represents an Azure File Service mount on the host and bind mount to the pod."],
      cephfs: ["CephFSVolumeSource", "Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling."],
      cinder: ["CinderVolumeSource", "Represents a cinder volume resource in Openstack. A Cinder volume must exist before mounting to a container. The volume must also be in the same region as the kubelet."],
      configMap: ["ConfigMapVolumeSource", "Adapts a ConfigMap into a volume. The contents of the target ConfigMap's Data field will be presented in a volume as files using the keys in the Data field as the file names, unless the items element is populated with specific mappings of keys to paths."],
      csi: ["CSIVolumeSource", "Represents a source location of a volume to mount, managed by an external CSI driver"],
      downwardAPI: ["DownwardAPIVolumeSource", "DownwardAPIVolumeSource represents a volume containing downward API info. Downward API volumes support ownership management and SELinux relabeling."],
      emptyDir: ["EmptyDirVolumeSource", "Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling."],
      ephemeral: ["EphemeralVolumeSource", "Represents an ephemeral volume that is handled by a normal storage driver."],
      fc: ["FCVolumeSource", "Represents a Fibre Channel volume. Fibre Channel volumes can only be mounted as read/write once. Fibre Channel volumes support ownership management and SELinux relabeling."],
      flexVolume: ["FlexVolumeSource", "FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin."],
      flocker: ["FlockerVolumeSource", "Represents a Flocker volume mounted by the Flocker agent. One and only one of datasetName and datasetUUID should be set. Flocker volumes do not support ownership management or SELinux relabeling."],
      gcePersistentDisk: ["GCEPersistentDiskVolumeSource", "Represents a Persistent Disk resource in Google Compute Engine. A GCE PD must exist before mounting to a container. The disk must also be in the same GCE project and zone as the kubelet."],
      gitRepo: ["GitRepoVolumeSource", "Represents a volume that is populated with the contents of a git repository. Git repo volumes do not support ownership management. Git repo volumes support SELinux relabeling."],
      glusterfs: ["GlusterfsVolumeSource", "Represents a Glusterfs mount that lasts the lifetime of a pod. Glusterfs volumes do not support ownership management or SELinux relabeling."],
      hostPath: ["HostPathVolumeSource", "Represents a host path mapped into a pod. Host path volumes do not support ownership management or SELinux relabeling."],
      image: ["ImageVolumeSource", "ImageVolumeSource represents a image volume resource."],
      iscsi: ["ISCSIVolumeSource", "Represents an ISCSI disk. ISCSI volumes can only be mounted as read/write once. ISCSI volumes support ownership management and SELinux relabeling."],
      name: ["string", "name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names"],
      nfs: ["NFSVolumeSource", "Represents an NFS mount that lasts the lifetime of a pod. NFS volumes do not support ownership management or SELinux relabeling."],
      persistentVolumeClaim: ["PersistentVolumeClaimVolumeSource", "PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace. This volume finds the bound PV and mounts that volume for the pod."],
      photonPersistentDisk: ["PhotonPersistentDiskVolumeSource", "Represents a Photon Controller persistent disk resource."],
      portworxVolume: ["PortworxVolumeSource", "PortworxVolumeSource represents a Portworx volume resource."],
      projected: ["ProjectedVolumeSource", "Represents a projected volume source"],
      quobyte: ["QuobyteVolumeSource", "Represents a Quobyte mount that lasts the lifetime of a pod. Quobyte volumes do not support ownership management or SELinux relabeling."],
      rbd: ["RBDVolumeSource", "Represents a Rados Block Device mount that lasts the lifetime of a pod. RBD volumes support ownership management and SELinux relabeling."],
      scaleIO: ["ScaleIOVolumeSource", "ScaleIOVolumeSource represents a persistent ScaleIO volume"],
      secret: ["SecretVolumeSource", "Adapts a Secret into a volume. The contents of the target Secret's Data field will be presented in a volume as files using the keys in the Data field as the file names. Secret volumes support ownership management and SELinux relabeling."],
      storageos: ["StorageOSVolumeSource", "Represents a StorageOS persistent volume resource."],
      vsphereVolume: ["VsphereVirtualDiskVolumeSource", "Represents a vSphere volume resource."],
    },
  },
  "VolumeDevice": {
    d: "volumeDevice describes a mapping of a raw block device within a container.",
    r: ["devicePath","name"],
    p: {
      devicePath: ["string", "devicePath is the path inside of the container that the device will be mapped to."],
      name: ["string", "name must match the name of a persistentVolumeClaim in the pod"],
    },
  },
  "VolumeMount": {
    d: "VolumeMount describes a mounting of a Volume within a container.",
    r: ["mountPath","name"],
    p: {
      mountPath: ["string", "Path within the container at which the volume should be mounted. Must not contain ':'."],
      mountPropagation: ["string", "mountPropagation determines how mounts are propagated from the host to container and the other way around. When not set, MountPropagationNone is used. This field is beta in 1.10."],
      name: ["string", "This must match the Name of a Volume."],
      readOnly: ["boolean", "Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false."],
      recursiveReadOnly: ["string", "RecursiveReadOnly specifies whether read-only mounts should be handled recursively. If ReadOnly is false, this field has no meaning and must be unspecified. If ReadOnly is true, and this field is set to Disabled, the mount is not made recursively read-only."],
      subPath: ["string", "Path within the volume from which the container's volume should be mounted. Defaults to \"\" (volume's root)."],
      subPathExpr: ["string", "Expanded path within the volume from which the container's volume should be mounted. Behaves similarly to SubPath but environment variable references $(VAR_NAME) are expanded using the container's environment. Defaults to \"\" (volume's root)."],
    },
  },
  "VolumeMountStatus": {
    d: "VolumeMountStatus shows status of volume mounts.",
    r: ["mountPath","name"],
    p: {
      mountPath: ["string", "MountPath corresponds to the original VolumeMount."],
      name: ["string", "Name corresponds to the name of the original VolumeMount."],
      readOnly: ["boolean", "ReadOnly corresponds to the original VolumeMount."],
      recursiveReadOnly: ["string", "RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts). An IfPossible value in the original VolumeMount must be translated to Disabled or Enabled, depending on the mount result."],
    },
  },
  "VolumeProjection": {
    d: "Projection that may be projected along with other supported volume types. Exactly one of these fields must be set.",
    p: {
      clusterTrustBundle: ["ClusterTrustBundleProjection", "ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem."],
      configMap: ["ConfigMapProjection", "Adapts a ConfigMap into a projected volume."],
      downwardAPI: ["DownwardAPIProjection", "Represents downward API info for projecting into a projected volume. Note that this is identical to a downwardAPI volume source without the default mode."],
      secret: ["SecretProjection", "Adapts a secret into a projected volume. The contents of the target Secret's Data field will be presented in a projected volume as files using the keys in the Data field as the file names."],
      serviceAccountToken: ["ServiceAccountTokenProjection", "ServiceAccountTokenProjection represents a projected service account token volume. This projection can be used to insert a service account token into the pods runtime filesystem for use against APIs (Kubernetes API Server or otherwise)."],
    },
  },
  "VolumeResourceRequirements": {
    d: "VolumeResourceRequirements describes the storage resource requirements for a volume.",
    p: {
      limits: ["{}Quantity", "Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
      requests: ["{}Quantity", "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits."],
    },
  },
  "VsphereVirtualDiskVolumeSource": { d: "Represents a vSphere volume resource.", opaque: true },
};
