/**
 * The images the simulated registries hold: well-known images a course uses, each with its named
 * builds (real tags, compressed sizes), the version scheme its other tags follow, its entrypoint
 * and what a container of it does when started as shipped. The lifecycle is data (a behaviour),
 * so docs/IMAGES.md and the tests can read it as it is.
 */
import { TUTORIAL_IMAGES } from './tutorial-images.ts';

/** Which program's start-up lines and access log a container prints. */
export type LogStyle =
  | 'nginx'
  | 'httpd'
  | 'redis'
  | 'postgres'
  | 'mysql'
  | 'http-echo'
  | 'whoami'
  | 'hello-world'
  | 'python-http'
  | 'bootcamp'
  | 'agnhost'
  | 'echoserver'
  | 'hello-app'
  | 'generic'
  | 'none';

/** What a started container does: serve until stopped (ports may be none), or exit. */
export type ContainerBehaviour =
  | { readonly kind: 'serves'; readonly ports: readonly number[]; readonly readyAfterMs: number }
  | { readonly kind: 'exits'; readonly exitCode: number; readonly afterMs: number; readonly message?: string };

/** Environment an image's program refuses to start without (postgres, mysql). */
export interface RequiredEnv {
  /** Any one of these, set to a non-empty value, is enough. */
  readonly anyOf: readonly string[];
  readonly exitCode: number;
  /** The last line the program prints before exiting, when the log style does not supply one. */
  readonly message?: string;
}

/** One image build, published under several tags (`1.27.5`, `1.27`, `latest`). */
export interface ImageBuild {
  readonly tags: readonly string[];
  /** Compressed size: what the kubelet reports as "Image size" and node.status.images lists. */
  readonly sizeBytes: number;
  /** The program's version, for banners (`nginx/1.27.5`). */
  readonly version?: string;
  /** Where this build serves, when the tags of one repository are different programs (the workshop's ECR repository). */
  readonly ports?: readonly number[];
}

/**
 * How an image's releases are tagged, so every real tag pulls without a list of them all: each
 * release under its full version, each line (`1.21`, `1`) under its newest release, and variants.
 */
export interface VersionScheme {
  /** Published releases as runs, oldest to newest: `1.21.0-6` is 1.21.0 to 1.21.6, `!n` marks a number never released. */
  readonly releases: string;
  /** Variant suffixes (`alpine`) and the first versions built with them: one per line where it began mid-line, '' for all. */
  readonly variants?: Readonly<Record<string, string>>;
  /** Whether a line's short tags (`1.21`, `1`) are published. Default true. */
  readonly shortTags?: boolean;
}

/** A repository in the catalogue. */
export interface CatalogueImage {
  /** Canonical name: `docker.io/library/nginx`. */
  readonly name: string;
  /** Other names serving the same content and digests, e.g. `public.ecr.aws/nginx/nginx`. */
  readonly mirrors?: readonly string[];
  readonly summary: string;
  /** Builds known by name, with their aliases (`latest`, `stable`) and real sizes. */
  readonly builds: readonly ImageBuild[];
  /** The scheme every other tag follows; without one, only the named builds' tags exist. */
  readonly versions?: VersionScheme;
  readonly entrypoint: readonly string[];
  /** Builds older than `version` had another ENTRYPOINT (nginx before 1.19 had no entrypoint script). */
  readonly entrypointBefore?: { readonly version: string; readonly entrypoint: readonly string[] };
  readonly cmd: readonly string[];
  /** The shell the image ships, if any: `sh -c` fails to start in an image without one. */
  readonly shell: 'bash' | 'sh' | 'none';
  /** Name of the image's main program (the last path element of what ENTRYPOINT/CMD runs). */
  readonly program: string;
  /** What the container does when started with the image's own ENTRYPOINT and CMD. */
  readonly behaviour: ContainerBehaviour;
  readonly logStyle: LogStyle;
  readonly requiredEnv?: RequiredEnv;
  /** What the server answers an HTTP GET with, `{hostname}` and `{version}` filled in (see servedBody). */
  readonly httpBody?: string;
  /** Pulls need credentials (an imagePullSecret). */
  readonly private?: boolean;
  /** What a running container of it uses, as the simulated metrics-server reports it (metrics-server.ts has the default). */
  readonly usage?: ImageUsage;
}

/** A container's resource use: at rest, and the CPU each request it serves costs. */
export interface ImageUsage {
  readonly idleMillicores: number;
  readonly memoryBytes: number;
  /** CPU milliseconds per request served: at N requests a second the container uses N times this in millicores. */
  readonly cpuMsPerRequest: number;
}

/** The images one cluster's registries know. */
export interface Catalogue {
  readonly images: readonly CatalogueImage[];
}

const serves = (ports: number[], readyAfterMs: number): ContainerBehaviour => ({ kind: 'serves', ports, readyAfterMs });
const exits = (exitCode: number, afterMs: number, message?: string): ContainerBehaviour =>
  message === undefined ? { kind: 'exits', exitCode, afterMs } : { kind: 'exits', exitCode, afterMs, message };
const build = (tags: string, sizeBytes: number, version?: string): ImageBuild =>
  version === undefined ? { tags: tags.split(' '), sizeBytes } : { tags: tags.split(' '), sizeBytes, version };

const DOCKER_ENTRYPOINT = ['docker-entrypoint.sh'];

/** The built-in catalogue: the images of the seed's lab and of a beginner's Kubernetes course. */
export const BUILT_IN_CATALOGUE: Catalogue = {
  images: [
    {
      name: 'docker.io/library/nginx',
      mirrors: ['public.ecr.aws/nginx/nginx'],
      summary: 'web server; serves its welcome page on port 80',
      builds: [
        build('1.29.0 1.29 1 mainline latest', 72_324_502, '1.29.0'),
        build('1.29.0-alpine 1.29-alpine mainline-alpine alpine', 21_134_874, '1.29.0'),
        build('1.28.0 1.28 stable', 72_263_118, '1.28.0'),
        build('1.28.0-alpine 1.28-alpine stable-alpine', 21_095_331, '1.28.0'),
        build('1.27.5 1.27', 72_186_563, '1.27.5'),
        build('1.27.5-alpine 1.27-alpine', 20_896_201, '1.27.5'),
        build('1.26.3 1.26', 71_022_345, '1.26.3'),
        build('1.25.5 1.25', 70_580_712, '1.25.5'),
        build('1.16.1', 51_212_084, '1.16.1'),
        build('1.14.2', 44_709_863, '1.14.2'),
      ],
      versions: {
        releases: '1.9.0-15 1.10.0-3 1.11.0-13 1.12.0-2 1.13.0-12 1.14.0-2 1.15.0-12 1.16.0-1 1.17.0-10 1.18.0 1.19.0-10 1.20.0-2 1.21.0-6 1.22.0-1 1.23.0-4 1.24.0 1.25.0-5 1.26.0-3 1.27.0-5 1.28.0 1.29.0',
        variants: { alpine: '1.10.0', perl: '1.13.0', 'alpine-perl': '1.13.0', 'alpine-slim': '1.23.3', bookworm: '1.24.0 1.25.1', 'bookworm-perl': '1.24.0 1.25.1' },
      },
      entrypoint: ['/docker-entrypoint.sh'],
      cmd: ['nginx', '-g', 'daemon off;'],
      entrypointBefore: { version: '1.19.0', entrypoint: [] },
      shell: 'bash',
      program: 'nginx',
      behaviour: serves([80], 150),
      logStyle: 'nginx',
    },
    {
      name: 'docker.io/library/httpd',
      summary: 'Apache web server; serves "It works!" on port 80',
      builds: [
        build('2.4.63 2.4 2 latest', 58_170_142, '2.4.63'),
        build('2.4.63-alpine 2.4-alpine 2-alpine alpine', 22_341_905, '2.4.63'),
        build('2.4.62', 58_049_871, '2.4.62'),
      ],
      versions: { releases: '2.4.10-63!11!13!14!15!19!21!22!24!30!31!32!36!40!42!44!45!47', variants: { alpine: '2.4.25' } },
      entrypoint: [],
      cmd: ['httpd-foreground'],
      shell: 'bash',
      program: 'httpd-foreground',
      behaviour: serves([80], 200),
      logStyle: 'httpd',
    },
    {
      name: 'docker.io/library/busybox',
      // The Kubernetes docs' probe examples (liveness-exec) pull it from registry.k8s.io.
      mirrors: ['registry.k8s.io/busybox'],
      summary: 'tiny toolbox; with no command its shell exits at once (Completed, then CrashLoopBackOff)',
      builds: [
        build('1.37.0 1.37 1 stable latest', 2_155_052, '1.37.0'),
        build('1.36.1 1.36', 2_160_092, '1.36.1'),
        build('1.28.4 1.28', 727_869, '1.28.4'),
      ],
      versions: {
        releases: '1.26.0-2 1.27.0-2 1.28.0-4 1.29.0-3 1.30.0-1 1.31.0-1 1.32.0-1 1.33.0-1 1.34.0-1 1.35.0 1.36.0-1 1.37.0',
        variants: { glibc: '', musl: '', uclibc: '' },
      },
      entrypoint: [],
      cmd: ['sh'],
      shell: 'sh',
      program: 'sh',
      behaviour: exits(0, 5),
      logStyle: 'none',
    },
    {
      name: 'docker.io/library/alpine',
      summary: 'minimal Linux; with no command its shell exits at once (Completed, then CrashLoopBackOff)',
      builds: [
        build('3.22.0 3.22 3 latest', 3_799_967, '3.22.0'),
        build('3.21.3 3.21', 3_642_104, '3.21.3'),
        build('3.20.6 3.20', 3_626_380, '3.20.6'),
        build('3.19.7 3.19', 3_420_016, '3.19.7'),
      ],
      versions: { releases: '3.14.0-10 3.15.0-11 3.16.0-9 3.17.0-10 3.18.0-12 3.19.0-7 3.20.0-6 3.21.0-3 3.22.0' },
      entrypoint: [],
      cmd: ['/bin/sh'],
      shell: 'sh',
      program: 'sh',
      behaviour: exits(0, 5),
      logStyle: 'none',
    },
    {
      name: 'docker.io/library/redis',
      summary: 'in-memory data store on port 6379',
      builds: [
        build('8.0.2 8.0 8 latest', 52_516_421, '8.0.2'),
        build('8.0.2-alpine 8.0-alpine 8-alpine alpine', 20_318_877, '8.0.2'),
        build('7.4.4 7.4 7', 45_101_234, '7.4.4'),
        build('7.4.4-alpine 7.4-alpine 7-alpine', 17_352_101, '7.4.4'),
        build('6.2.18 6.2 6', 41_280_667, '6.2.18'),
      ],
      versions: { releases: '5.0.0-14 6.0.0-20 6.2.0-18 7.0.0-15 7.2.0-9 7.4.0-4 8.0.0-2', variants: { alpine: '', bookworm: '7.2.0' } },
      entrypoint: DOCKER_ENTRYPOINT,
      cmd: ['redis-server'],
      shell: 'bash',
      program: 'redis-server',
      behaviour: serves([6379], 100),
      logStyle: 'redis',
    },
    {
      name: 'docker.io/library/postgres',
      summary: 'PostgreSQL on port 5432; exits 1 unless POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD) is set',
      builds: [
        build('17.5 17 latest', 158_460_112, '17.5'),
        build('17.5-alpine 17-alpine alpine', 109_671_925, '17.5'),
        build('16.9 16', 153_337_216, '16.9'),
        build('16.9-alpine 16-alpine', 105_120_740, '16.9'),
        build('15.13 15', 150_894_233, '15.13'),
      ],
      versions: {
        releases: '12.0-22 13.0-21 14.0-18 15.0-13 16.0-9 17.0-5',
        variants: { alpine: '', bookworm: '12.15 13.11 14.8 15.3' },
      },
      entrypoint: DOCKER_ENTRYPOINT,
      cmd: ['postgres'],
      shell: 'bash',
      program: 'postgres',
      behaviour: serves([5432], 2_500),
      logStyle: 'postgres',
      requiredEnv: { anyOf: ['POSTGRES_PASSWORD', 'POSTGRES_HOST_AUTH_METHOD'], exitCode: 1 },
    },
    {
      name: 'docker.io/library/mysql',
      summary: 'MySQL on port 3306; exits 1 unless MYSQL_ROOT_PASSWORD (or an allow-empty/random option) is set',
      builds: [
        build('9.3.0 9.3 9 innovation latest', 173_582_019, '9.3.0'),
        build('8.4.5 8.4 8 lts', 167_906_443, '8.4.5'),
        build('8.0.42 8.0', 165_237_508, '8.0.42'),
      ],
      versions: { releases: '5.7.5-44 8.0.11-42 8.4.0-5 9.0.1 9.1.0 9.2.0 9.3.0' },
      entrypoint: DOCKER_ENTRYPOINT,
      cmd: ['mysqld'],
      shell: 'bash',
      program: 'mysqld',
      behaviour: serves([3306], 12_000),
      logStyle: 'mysql',
      requiredEnv: { anyOf: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'], exitCode: 1 },
    },
    {
      name: 'docker.io/library/node',
      summary: 'Node.js runtime; with no command the REPL sees no terminal and exits 0',
      builds: [
        build('24.2.0 24 current latest', 398_120_554, '24.2.0'),
        build('22.16.0 22 lts', 393_492_337, '22.16.0'),
        build('22.16.0-alpine 22-alpine lts-alpine alpine', 56_411_982, '22.16.0'),
        build('22.16.0-slim 22-slim lts-slim slim', 74_206_118, '22.16.0'),
        build('20.19.2 20', 392_007_245, '20.19.2'),
        build('20.19.2-alpine 20-alpine', 43_283_510, '20.19.2'),
      ],
      versions: {
        // Node releases a new minor every few weeks: one run per minor, of its patch releases.
        releases: [
          '18.0.0 18.1.0 18.2.0 18.3.0 18.4.0 18.5.0 18.6.0 18.7.0 18.8.0 18.9.0-1 18.10.0 18.11.0 18.12.0-1 18.13.0 18.14.0-2',
          '18.15.0 18.16.0-1 18.17.0-1 18.18.0-2 18.19.0-1 18.20.0-8',
          '20.0.0 20.1.0 20.2.0 20.3.0-1 20.4.0 20.5.0-1 20.6.0-1 20.7.0 20.8.0-1 20.9.0 20.10.0 20.11.0-1 20.12.0-2 20.13.0-1',
          '20.14.0 20.15.0-1 20.16.0 20.17.0 20.18.0-3 20.19.0-2',
          '22.0.0 22.1.0 22.2.0 22.3.0 22.4.0-1 22.5.0-1 22.6.0 22.7.0 22.8.0 22.9.0 22.10.0 22.11.0 22.12.0 22.13.0-1 22.14.0',
          '22.15.0-1 22.16.0 24.0.0-2 24.1.0 24.2.0',
        ].join(' '),
        variants: { alpine: '', slim: '', bookworm: '18.17.0 20.4.0', 'bookworm-slim': '18.17.0 20.4.0' },
      },
      entrypoint: DOCKER_ENTRYPOINT,
      cmd: ['node'],
      shell: 'bash',
      program: 'node',
      behaviour: exits(0, 60),
      logStyle: 'none',
    },
    {
      name: 'docker.io/library/python',
      summary: 'Python runtime; with no command the REPL sees no terminal and exits 0',
      builds: [
        build('3.13.4 3.13 3 latest', 379_335_470, '3.13.4'),
        build('3.13.4-slim 3.13-slim slim', 43_181_205, '3.13.4'),
        build('3.13.4-alpine 3.13-alpine alpine', 17_415_836, '3.13.4'),
        build('3.12.11 3.12', 377_120_943, '3.12.11'),
        build('3.12.11-slim 3.12-slim', 45_066_751, '3.12.11'),
      ],
      versions: {
        releases: '3.8.0-20 3.9.0-23 3.10.0-18 3.11.0-13 3.12.0-11 3.13.0-4',
        variants: { slim: '', alpine: '', bookworm: '3.8.17 3.9.17 3.10.12 3.11.4', 'slim-bookworm': '3.8.17 3.9.17 3.10.12 3.11.4' },
      },
      entrypoint: [],
      cmd: ['python3'],
      shell: 'bash',
      program: 'python3',
      behaviour: exits(0, 40),
      logStyle: 'none',
    },
    {
      // The Kubernetes documentation's example Job runs `perl -Mbignum=bpi -wle 'print bpi(2000)'` in perl:5.34.0.
      name: 'docker.io/library/perl',
      summary: 'Perl interpreter; with no command its debugger sees no terminal and exits 0; `perl -e` runs a one-liner and exits 0',
      builds: [
        build('5.40.2 5.40 5 stable latest', 342_118_524, '5.40.2'),
        build('5.40.2-slim 5.40-slim 5-slim slim', 46_902_311, '5.40.2'),
        build('5.38.4 5.38', 339_751_062, '5.38.4'),
        build('5.34.0', 327_840_117, '5.34.0'),
      ],
      versions: { releases: '5.30.0-3 5.32.0-1 5.34.0-3 5.36.0-3 5.38.0-4 5.40.0-2', variants: { slim: '', threaded: '', 'slim-threaded': '' } },
      entrypoint: [],
      cmd: ['perl', '-de0'],
      shell: 'bash',
      program: 'perl',
      behaviour: exits(0, 40),
      logStyle: 'none',
    },
    {
      name: 'docker.io/hashicorp/http-echo',
      summary: 'echoes its -text on port 5678 (-listen changes it); exits 127 without -text or ECHO_TEXT',
      builds: [build('1.0.0 1.0 latest', 3_441_204, '1.0.0'), build('0.2.3', 2_693_016, '0.2.3')],
      entrypoint: ['/http-echo'],
      cmd: [],
      shell: 'none',
      program: 'http-echo',
      behaviour: exits(127, 3),
      logStyle: 'http-echo',
    },
    {
      name: 'docker.io/traefik/whoami',
      summary: 'prints the request and the pod\'s hostname and IPs, on port 80 (--port changes it)',
      builds: [build('v1.11.0 v1.11 v1 latest', 3_245_882, '1.11.0'), build('v1.10.4 v1.10', 3_159_407, '1.10.4')],
      entrypoint: ['/whoami'],
      cmd: [],
      shell: 'none',
      program: 'whoami',
      behaviour: serves([80], 20),
      logStyle: 'whoami',
    },
    ...TUTORIAL_IMAGES,
    {
      name: 'registry.k8s.io/pause',
      mirrors: ['k8s.gcr.io/pause'],
      summary: 'the sandbox container of every pod: sleeps until stopped, listens on nothing',
      builds: [build('3.10 latest', 320_368, '3.10'), build('3.9', 321_520, '3.9'), build('3.8', 311_286, '3.8')],
      entrypoint: ['/pause'],
      cmd: [],
      shell: 'none',
      program: 'pause',
      behaviour: serves([], 0),
      logStyle: 'none',
    },
    {
      // The seed lab's own app, as its manifest names it: one private ECR repository, a tag per
      // component. The cluster's nodes pull it without a secret, as EKS nodes do with their role.
      name: '783966730108.dkr.ecr.us-east-1.amazonaws.com/computefest2021',
      summary: "the workshop's woof-woof app: the front end serves on 80, the API on 9000, embedding search on 9010, the model server on 9020",
      builds: [
        { tags: ['woofwoof-frontend'], sizeBytes: 58_412_306, ports: [80] },
        { tags: ['woofwoof-backend-api'], sizeBytes: 214_877_120, ports: [9000] },
        { tags: ['woofwoof-embedding-search'], sizeBytes: 341_596_443, ports: [9010] },
        { tags: ['woofwoof-model-server'], sizeBytes: 612_308_751, ports: [9020] },
      ],
      entrypoint: [],
      cmd: ['woofwoof'],
      shell: 'bash',
      program: 'woofwoof',
      behaviour: serves([], 1_500),
      logStyle: 'generic',
    },
    {
      name: 'docker.io/library/hello-world',
      summary: 'prints "Hello from Docker!" and exits 0 (Completed, then CrashLoopBackOff under restartPolicy Always)',
      builds: [build('latest linux', 4_016)],
      entrypoint: [],
      cmd: ['/hello'],
      shell: 'none',
      program: 'hello',
      behaviour: exits(0, 5),
      logStyle: 'hello-world',
    },
  ],
};

// Official Docker Hub images are mirrored, digest for digest, under these prefixes.
const LIBRARY_MIRRORS = ['public.ecr.aws/docker/library/', 'mirror.gcr.io/library/'];

/** The catalogue image served under `name` (its own name, a mirror, or an official-image mirror). */
export function findImage(catalogue: Catalogue, name: string): CatalogueImage | undefined {
  const mirror = LIBRARY_MIRRORS.find((prefix) => name.startsWith(prefix));
  const canonical = mirror ? `docker.io/library/${name.slice(mirror.length)}` : name;
  return catalogue.images.find((image) => image.name === canonical || (image.mirrors ?? []).includes(canonical));
}
