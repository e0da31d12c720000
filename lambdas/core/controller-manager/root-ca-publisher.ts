/**
 * The root CA certificate publisher (controller manager): every namespace gets the ConfigMap
 * `kube-root-ca.crt`, the cluster's CA bundle that the projected service account volume of
 * every pod mounts (see pod-admission.ts), so `kubectl get configmaps` in a new namespace
 * shows it as on a real cluster. A deleted or edited copy is put back.
 */
import { NO_KEYS, type Controller } from '../controller.ts';
import { objectKey } from '../etcd.ts';
import type { ConfigMap, Namespace } from '../objects.ts';
import { rfc3339 } from '../time.ts';

/** The ConfigMap every namespace holds. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';

/**
 * The simulated cluster's CA: a self-signed certificate for CN=kubernetes, as kubeadm and EKS
 * issue one (generated once; its key was discarded, as nothing in a simulation signs with it).
 */
const CA_CERTIFICATE = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDGzCCAgOgAwIBAgIUBjQE8rvxab5ht4ym71b4YRfQLJ8wDQYJKoZIhvcNAQEL',
  'BQAwFTETMBEGA1UEAwwKa3ViZXJuZXRlczAeFw0yNjEyMDEwODAzMDBaFw0zNjEx',
  'MjgwODAzMDBaMBUxEzARBgNVBAMMCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEB',
  'AQUAA4IBDwAwggEKAoIBAQC6SspzcuKEdLa0AoUtkSYBLfhJhBz9el8FMtgZJtYI',
  'HxOwPMpcNpYiG3aXEuRzpfFqBn9KcKleE9xB/Vg+A9XkoeshIjmt5NYlg6bTLpWJ',
  '/1Vj4U7cK/3fWmznj19SJw1ALLl4sVyV0W3VxabRvcWivjZkxoNIAiYm4xrffEjf',
  'mFGKEeatUCnuv/8TfJTYC3qxkOyHXZoGhaN1hkC7TsPLr6yOyU/wwUFkB9c4hw+q',
  'T1HNNzMJ/8VkazpWDfi6e5xBHUpTrQbLZXmtgyqffVYzRqNV1MPFym0fCGdxudMg',
  'NkHpMHKi15oaMjCc2MCIzIafQ4qj80PUcCYx4hQ8a4A1AgMBAAGjYzBhMB0GA1Ud',
  'DgQWBBQx8auhklTi5Nn6bFFiThagdyHUXTAfBgNVHSMEGDAWgBQx8auhklTi5Nn6',
  'bFFiThagdyHUXTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwICpDANBgkq',
  'hkiG9w0BAQsFAAOCAQEAWbtYchAtntQjZ4OTnPS5Xa85A4F9GPI7sN1Fn/ltRchP',
  'xEnv/5dAnWd1AtGoDh/0UdoFS7u/i1gmE4zSETiWNRUyMBHgAB9Fc88kwmR9qiY1',
  'e27LL7BCL7DBGgV38xjQ5dEs4yImWnBS8QK1PAne2yjb/DwS7YgCiIP1/ZgLi63L',
  'YUV9TVAJdmtnSPTAP1bw/EfkQ/A9MBPDYfnxjeAQ2DQEaG9EQdBBS/5fDrxRpkCC',
  'GSuPWgbW0eApbLXBEee09bqPW6MZe/JnkOl2ua3vJKFIpwQCtoj0mp1G/WYqbk8X',
  'hyK1R2tiGLKcG4fg5FIW6q0K4I2NxE93ELyGeJTzaw==',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';

const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The root-ca-cert-publisher. */
export const rootCaPublisher: Controller = {
  name: 'root-ca-cert-publisher',
  component: 'controller-manager',
  watches: [
    { kind: 'Namespace' },
    { kind: 'ConfigMap', keys: (change) => (change.object.metadata.name === ROOT_CA_CONFIG_MAP ? [objectKey('Namespace', undefined, change.object.metadata.namespace ?? '')] : NO_KEYS) },
  ],
  reconcile(key, ctx) {
    const namespace = ctx.etcd.getByKey<Namespace>(key);
    if (!namespace || namespace.metadata.deletionTimestamp) return;
    const name = namespace.metadata.name;
    const existing = ctx.etcd.get<ConfigMap>('ConfigMap', name, ROOT_CA_CONFIG_MAP);
    if (existing?.data?.['ca.crt'] === CA_CERTIFICATE && Object.keys(existing.data).length === 1) return;
    const configMap: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...(existing?.metadata ?? { name: ROOT_CA_CONFIG_MAP, namespace: name, uid: ctx.newUid(), resourceVersion: '', creationTimestamp: rfc3339(ctx.now) }),
        annotations: { ...existing?.metadata.annotations, 'kubernetes.io/description': DESCRIPTION },
      },
      data: { 'ca.crt': CA_CERTIFICATE },
    };
    if (existing) ctx.update(configMap);
    else ctx.create(configMap);
  },
};
