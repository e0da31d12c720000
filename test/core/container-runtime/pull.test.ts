import { describe, expect, it } from 'vitest';
import { backOffDelays, IMAGE_PULL_BACKOFF, isInBackOff, isInBackOffSince, nextBackOff, retryAt } from '#core/container-runtime/backoff.ts';
import { BUILT_IN_CATALOGUE } from '#core/container-runtime/catalogue.ts';
import { goDuration, planPull, recordPulledImage, type NodeImage, type PullInput } from '#core/container-runtime/pull.ts';
import { Random } from '#core/random.ts';

function plan(image: string, overrides: Partial<PullInput> = {}) {
  return planPull({ image, nodeImages: [], catalogue: BUILT_IN_CATALOGUE, random: Random.fromSeed(7), ...overrides });
}

describe('image pulls', () => {
  it('pull a missing image with the kubelet\'s Pulling and Pulled events, timed by its size', () => {
    const pulled = plan('nginx:1.27');
    expect(pulled.outcome).toBe('pulled');
    expect(pulled.events.map((e) => `${e.type} ${e.reason}`)).toEqual(['Normal Pulling', 'Normal Pulled']);
    expect(pulled.events[0]?.message).toBe('Pulling image "nginx:1.27"');
    expect(pulled.events[1]?.message).toMatch(/^Successfully pulled image "nginx:1\.27" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: 72186563 bytes\.$/);
    expect(pulled.statusImage).toBe('docker.io/library/nginx:1.27');
    expect(pulled.nodeImage?.names).toEqual([pulled.imageID, 'docker.io/library/nginx:1.27']);
    // A 72 MB image takes seconds; a 2 MB one well under a second; a 400 MB one much longer.
    expect(pulled.durationMs).toBeGreaterThan(1_500);
    expect(plan('busybox:1.36').durationMs).toBeLessThan(1_000);
    expect(plan('node:24').durationMs).toBeGreaterThan(5 * pulled.durationMs / 2);
  });

  it('divides the pull time by the speed factor and reports the waiting time', () => {
    const normal = plan('nginx:1.27');
    const fast = plan('nginx:1.27', { speed: 10 });
    expect(fast.durationMs).toBeLessThan(normal.durationMs / 5);
    const queued = plan('nginx:1.27', { waitingMs: 1_500 });
    expect(queued.durationMs).toBe(normal.durationMs + 1_500);
    expect(queued.events[1]?.message).toContain(`(${goDuration(queued.durationMs)} including waiting)`);
  });

  it('uses the node\'s image store under IfNotPresent: a second pull is instant', () => {
    const first = plan('nginx:1.27');
    const nodeImages = recordPulledImage([], first.nodeImage as NodeImage);
    const second = plan('nginx:1.27', { nodeImages, imagePullPolicy: 'IfNotPresent' });
    expect(second).toMatchObject({ outcome: 'cached', durationMs: 0, imageID: first.imageID });
    expect(second.events).toEqual([{ type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine', offsetMs: 0 }]);
  });

  it('pulls again under Always, but fetches no layers it already has', () => {
    const first = plan('nginx:latest');
    const nodeImages = recordPulledImage([], first.nodeImage as NodeImage);
    const again = plan('nginx:latest', { nodeImages });
    expect(again.outcome).toBe('pulled');
    expect(again.durationMs).toBeLessThan(600);
  });

  it('refuses to pull under Never', () => {
    const never = plan('nginx:1.27', { imagePullPolicy: 'Never' });
    expect(never.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "nginx:1.27" is not present with pull policy of Never' });
    expect(never.events.map((e) => e.reason)).toEqual(['ErrImageNeverPull', 'Failed']);
  });

  it('reports an unparseable image as InvalidImageName without pulling', () => {
    const bad = plan('nginx:');
    expect(bad.waiting?.reason).toBe('InvalidImageName');
    expect(bad.events.map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'InspectFailed: Failed to apply default image tag "nginx:": couldn\'t parse image name "nginx:": invalid reference format',
      'Failed: Error: InvalidImageName',
    ]);
    expect(bad.backOff).toBeUndefined();
  });

  it('reports a failed pull as ErrImagePull, then ImagePullBackOff', () => {
    const failed = plan('nginx:doesnotexist');
    expect(failed.outcome).toBe('failed');
    expect(failed.waiting?.reason).toBe('ErrImagePull');
    expect(failed.events.map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([
      'Normal Pulling: Pulling image "nginx:doesnotexist"',
      'Warning Failed: Failed to pull image "nginx:doesnotexist": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found',
      'Warning Failed: Error: ErrImagePull',
    ]);
    expect(failed.backOff?.message).toBe('Back-off pulling image "nginx:doesnotexist"');
    expect(failed.backOff?.events.map((e) => `${e.type} ${e.reason}`)).toEqual(['Normal BackOff', 'Warning Failed']);
  });

  it('keeps the node image list merged by digest, largest first, at most 50', () => {
    const many: NodeImage[] = Array.from({ length: 60 }, (_, i) => ({ names: [`example.com/img${i}@sha256:${String(i).padStart(64, '0')}`], sizeBytes: 1_000 + i }));
    const list = many.reduce<NodeImage[]>((images, image) => recordPulledImage(images, image), []);
    expect(list).toHaveLength(50);
    expect(list[0]?.sizeBytes).toBe(1_059);
    const digest = 'docker.io/library/nginx@sha256:1';
    const merged = recordPulledImage([{ names: [digest, 'docker.io/library/nginx:1.29'], sizeBytes: 5 }], { names: [digest, 'docker.io/library/nginx:latest'], sizeBytes: 5 });
    expect(merged).toEqual([{ names: [digest, 'docker.io/library/nginx:1.29', 'docker.io/library/nginx:latest'], sizeBytes: 5 }]);
  });

  it("formats durations as Go's time.Duration does", () => {
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(412)).toBe('412ms');
    expect(goDuration(2_345)).toBe('2.345s');
    expect(goDuration(10_000)).toBe('10s');
    expect(goDuration(80_000)).toBe('1m20s');
    expect(goDuration(300_000)).toBe('5m0s');
    expect(goDuration(3_723_500)).toBe('1h2m3.5s');
  });
});

describe('the kubelet back-off', () => {
  it('starts at 10 s and doubles to 300 s', () => {
    expect(backOffDelays(7).map((ms) => ms / 1000)).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });

  it('holds an attempt back until the delay since the last failure has passed', () => {
    const entry = nextBackOff(undefined, 1_000);
    expect(isInBackOff(entry, 10_999)).toBe(true);
    expect(isInBackOff(entry, 11_000)).toBe(false);
    expect(retryAt(entry)).toBe(11_000);
    expect(isInBackOff(undefined, 5_000)).toBe(false);
  });

  it('measures a crash-loop back-off from the container\'s finish', () => {
    const entry = nextBackOff(undefined, 0);
    expect(isInBackOffSince(entry, 5_000, 14_999)).toBe(true);
    expect(isInBackOffSince(entry, 5_000, 15_000)).toBe(false);
  });

  it('starts over after a quiet spell of twice the maximum', () => {
    let entry = nextBackOff(undefined, 0);
    entry = nextBackOff(entry, 10_000);
    expect(entry.delayMs).toBe(20_000);
    const later = nextBackOff(entry, 10_000 + 2 * IMAGE_PULL_BACKOFF.maxMs + 1);
    expect(later.delayMs).toBe(10_000);
    expect(isInBackOff(entry, 10_000 + 2 * IMAGE_PULL_BACKOFF.maxMs + 1)).toBe(false);
  });
});
