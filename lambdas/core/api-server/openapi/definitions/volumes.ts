/**
 * OpenAPI definitions of core/v1 volumes of a pod: the volume sources, projections and ephemeral claims, as a v1.32 API server publishes them: field names, types, required fields,
 * patch strategies and merge keys, and the first sentences of each description. Field names are
 * checked against the published API by test/core/api-server/openapi-fields.test.ts.
 */
import { type Definitions, oneOf } from '../dsl.ts';

/** Core/v1 volumes of a pod: the volume sources, projections and ephemeral claims. */
export const VOLUMES: Definitions = {
  "AWSElasticBlockStoreVolumeSource": { opaque: true },
  "AzureDiskVolumeSource": { opaque: true },
  "AzureFileVolumeSource": { opaque: true },
  "CephFSVolumeSource": { opaque: true },
  "CinderVolumeSource": { opaque: true },
  "ClusterTrustBundleProjection": {
    r: ["path"],
    p: {
      labelSelector: "meta.LabelSelector",
      name: "string",
      optional: "boolean",
      path: "string",
      signerName: "string",
    },
  },
  "ConfigMapProjection": {
    p: {
      items: "[]KeyToPath",
      name: "string",
      optional: "boolean",
    },
  },
  "ConfigMapVolumeSource": {
    p: {
      defaultMode: "int32",
      items: "[]KeyToPath",
      name: "string",
      optional: "boolean",
    },
  },
  "CSIVolumeSource": {
    r: ["driver"],
    p: {
      driver: "string",
      fsType: "string",
      nodePublishSecretRef: "LocalObjectReference",
      readOnly: "boolean",
      volumeAttributes: "{}string",
    },
  },
  "DownwardAPIProjection": {
    p: {
      items: "[]DownwardAPIVolumeFile",
    },
  },
  "DownwardAPIVolumeFile": {
    r: ["path"],
    p: {
      fieldRef: "ObjectFieldSelector",
      mode: "int32",
      path: "string",
      resourceFieldRef: "ResourceFieldSelector",
    },
  },
  "DownwardAPIVolumeSource": {
    p: {
      defaultMode: "int32",
      items: "[]DownwardAPIVolumeFile",
    },
  },
  "EmptyDirVolumeSource": {
    p: {
      medium: "string",
      sizeLimit: "Quantity",
    },
  },
  "EphemeralVolumeSource": {
    p: {
      volumeClaimTemplate: "PersistentVolumeClaimTemplate",
    },
  },
  "FCVolumeSource": { opaque: true },
  "FlexVolumeSource": { opaque: true },
  "FlockerVolumeSource": { opaque: true },
  "GCEPersistentDiskVolumeSource": { opaque: true },
  "GitRepoVolumeSource": { opaque: true },
  "GlusterfsVolumeSource": { opaque: true },
  "HostPathVolumeSource": {
    r: ["path"],
    p: {
      path: "string",
      type: ["string", oneOf('HOST_PATH_TYPE')],
    },
  },
  "ImageVolumeSource": {
    p: {
      pullPolicy: ["string", oneOf('PULL_POLICY')],
      reference: "string",
    },
  },
  "ISCSIVolumeSource": { opaque: true },
  "KeyToPath": {
    r: ["key","path"],
    p: {
      key: "string",
      mode: "int32",
      path: "string",
    },
  },
  "NFSVolumeSource": { opaque: true },
  "PersistentVolumeClaimSpec": {
    p: {
      accessModes: "[]string",
      dataSource: "TypedLocalObjectReference",
      dataSourceRef: "TypedObjectReference",
      resources: "VolumeResourceRequirements",
      selector: "meta.LabelSelector",
      storageClassName: "string",
      volumeAttributesClassName: "string",
      volumeMode: "string",
      volumeName: "string",
    },
  },
  "PersistentVolumeClaimTemplate": {
    r: ["spec"],
    p: {
      metadata: "meta.ObjectMeta",
      spec: "PersistentVolumeClaimSpec",
    },
  },
  "PersistentVolumeClaimVolumeSource": {
    r: ["claimName"],
    p: {
      claimName: "string",
      readOnly: "boolean",
    },
  },
  "PhotonPersistentDiskVolumeSource": { opaque: true },
  "PortworxVolumeSource": { opaque: true },
  "ProjectedVolumeSource": {
    p: {
      defaultMode: "int32",
      sources: "[]VolumeProjection",
    },
  },
  "QuobyteVolumeSource": { opaque: true },
  "RBDVolumeSource": { opaque: true },
  "ScaleIOVolumeSource": { opaque: true },
  "SecretProjection": {
    p: {
      items: "[]KeyToPath",
      name: "string",
      optional: "boolean",
    },
  },
  "SecretVolumeSource": {
    p: {
      defaultMode: "int32",
      items: "[]KeyToPath",
      optional: "boolean",
      secretName: "string",
    },
  },
  "ServiceAccountTokenProjection": {
    r: ["path"],
    p: {
      audience: "string",
      expirationSeconds: "int64",
      path: "string",
    },
  },
  "StorageOSVolumeSource": { opaque: true },
  "TypedLocalObjectReference": {
    r: ["kind","name"],
    p: {
      apiGroup: "string",
      kind: "string",
      name: "string",
    },
  },
  "TypedObjectReference": {
    r: ["kind","name"],
    p: {
      apiGroup: "string",
      kind: "string",
      name: "string",
      namespace: "string",
    },
  },
  "Volume": {
    r: ["name"],
    p: {
      awsElasticBlockStore: "AWSElasticBlockStoreVolumeSource",
      azureDisk: "AzureDiskVolumeSource",
      azureFile: "AzureFileVolumeSource",
      cephfs: "CephFSVolumeSource",
      cinder: "CinderVolumeSource",
      configMap: "ConfigMapVolumeSource",
      csi: "CSIVolumeSource",
      downwardAPI: "DownwardAPIVolumeSource",
      emptyDir: "EmptyDirVolumeSource",
      ephemeral: "EphemeralVolumeSource",
      fc: "FCVolumeSource",
      flexVolume: "FlexVolumeSource",
      flocker: "FlockerVolumeSource",
      gcePersistentDisk: "GCEPersistentDiskVolumeSource",
      gitRepo: "GitRepoVolumeSource",
      glusterfs: "GlusterfsVolumeSource",
      hostPath: "HostPathVolumeSource",
      image: "ImageVolumeSource",
      iscsi: "ISCSIVolumeSource",
      name: "string",
      nfs: "NFSVolumeSource",
      persistentVolumeClaim: "PersistentVolumeClaimVolumeSource",
      photonPersistentDisk: "PhotonPersistentDiskVolumeSource",
      portworxVolume: "PortworxVolumeSource",
      projected: "ProjectedVolumeSource",
      quobyte: "QuobyteVolumeSource",
      rbd: "RBDVolumeSource",
      scaleIO: "ScaleIOVolumeSource",
      secret: "SecretVolumeSource",
      storageos: "StorageOSVolumeSource",
      vsphereVolume: "VsphereVirtualDiskVolumeSource",
    },
  },
  "VolumeDevice": {
    r: ["devicePath","name"],
    p: {
      devicePath: "string",
      name: "string",
    },
  },
  "VolumeMount": {
    r: ["mountPath","name"],
    p: {
      mountPath: "string",
      mountPropagation: "string",
      name: "string",
      readOnly: "boolean",
      recursiveReadOnly: "string",
      subPath: "string",
      subPathExpr: "string",
    },
  },
  "VolumeMountStatus": {
    r: ["mountPath","name"],
    p: {
      mountPath: "string",
      name: "string",
      readOnly: "boolean",
      recursiveReadOnly: "string",
    },
  },
  "VolumeProjection": {
    p: {
      clusterTrustBundle: "ClusterTrustBundleProjection",
      configMap: "ConfigMapProjection",
      downwardAPI: "DownwardAPIProjection",
      secret: "SecretProjection",
      serviceAccountToken: "ServiceAccountTokenProjection",
    },
  },
  "VolumeResourceRequirements": {
    p: {
      limits: "{}Quantity",
      requests: "{}Quantity",
    },
  },
  "VsphereVirtualDiskVolumeSource": { opaque: true },
};
