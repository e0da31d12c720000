/**
 * The smaller seams a course meets through /usr/bin/kubectl: `explain` listing a field's enum
 * values, `auth can-i --list` and `whoami`, `create token`, and the kinds a course might use that
 * Kubelab does not serve yet, refused with a message that says what it serves.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Grace');
const { kubectl } = session;

describe('kubectl explain shows enum values as v1.32 does', () => {
  it('prints the ENUM block of a field and the enum line of a listed field', async () => {
    expect(await kubectl('explain', 'deployment.spec.strategy.type')).toBe(
      [
        'GROUP:      apps',
        'KIND:       Deployment',
        'VERSION:    v1',
        '',
        'FIELD: type <string>',
        'ENUM:',
        '    Recreate',
        '    RollingUpdate',
        '',
        'DESCRIPTION:',
        '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
        '    RollingUpdate.',
        '    ',
        '    Possible enum values:',
        '     - `"Recreate"` Kill all existing pods before creating new ones.',
        '     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling',
        '    update i.e gradually scale down the old ReplicaSets and scale up the new',
        '    one.',
        '    ',
        '',
        '',
      ].join('\n'),
    );
    expect(await kubectl('explain', 'deployment.spec.strategy')).toContain('  type\t<string>\n  enum: Recreate, RollingUpdate\n');
  });

  it('lists the values of the fields a beginner sets', async () => {
    const enumOf = async (field: string) => (await kubectl('explain', field)).match(/\nENUM:\n((?: {4}.*\n)+)/)?.[1]?.trim().split(/\n\s*/);
    expect(await enumOf('pod.spec.containers.imagePullPolicy')).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(await enumOf('pod.spec.restartPolicy')).toEqual(['Always', 'Never', 'OnFailure']);
    expect(await enumOf('pod.spec.dnsPolicy')).toEqual(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
    expect(await enumOf('pod.spec.containers.ports.protocol')).toEqual(['SCTP', 'TCP', 'UDP']);
    expect(await enumOf('pod.spec.tolerations.operator')).toEqual(['Equal', 'Exists']);
    expect(await enumOf('service.spec.type')).toEqual(['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
    expect(await enumOf('service.spec.externalTrafficPolicy')).toEqual(['Cluster', 'Local']);
    expect(await enumOf('daemonset.spec.updateStrategy.type')).toEqual(['OnDelete', 'RollingUpdate']);
    expect(await enumOf('pod.status.phase')).toEqual(['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown']);
  });
});
