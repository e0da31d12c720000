/**
 * What the kubelet does with the most common beginner manifests, through /usr/bin/kubectl:
 * a container that will exit later (`sleep 3600`) is Ready while it runs, so `kubectl wait` and
 * rollouts finish.
 */
import { describe, expect, it } from 'vitest';
import { kubectlSession } from './support.ts';

const session = kubectlSession('Grace');
const { kubectl } = session;

describe('a container that will exit is Ready while it runs', () => {
  it('makes `kubectl run ... -- sleep 3600` 1/1 Running, and `kubectl wait` for Ready succeeds', async () => {
    expect(await kubectl('run', 's', '--image=busybox', '--', 'sleep', '3600')).toBe('pod/s created\n');
    session.lab.advance(30_000);
    expect(await kubectl('wait', '--for=condition=Ready', 'pod/s', '--timeout=10s')).toBe('pod/s condition met\n');
    expect(await kubectl('get', 'pod', 's', '--no-headers')).toMatch(/^s\s+1\/1\s+Running\s+0\s+\S+\n$/);
  });

  it('rolls out `kubectl create deployment sleeper --image=busybox -- sleep 3600`', async () => {
    expect(await kubectl('create', 'deployment', 'sleeper', '--image=busybox', '--', 'sleep', '3600')).toBe('deployment.apps/sleeper created\n');
    session.lab.advance(30_000);
    expect(await kubectl('rollout', 'status', 'deployment/sleeper', '--timeout=20s')).toContain('deployment "sleeper" successfully rolled out\n');
    expect(await kubectl('get', 'deployment', 'sleeper', '--no-headers')).toMatch(/^sleeper\s+1\/1\s+1\s+1\s+\S+\n$/);
  });
});
