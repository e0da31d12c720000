/** The printers of batch/v1, as v1.32's printJob and printCronJob lay them out. */
import { describe, expect, it } from 'vitest';
import { toTable } from '#core/api-server/printers/table.ts';
import type { KubeObject } from '#core/objects.ts';
import { rfc3339 } from '#core/time.ts';
import { NOW, listOf, meta } from './fixtures.ts';
import { expectGolden, renderTable } from './render.ts';

const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0' }] } };
const uid = '0c9a3c55-0d3e-4c6e-9f5a-1b2c3d4e5f60';
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
const at = (secondsAgo: number) => rfc3339(NOW - secondsAgo * 1000);
const condition = (type: string) => ({ type, status: 'True' });

function job(name: string, ageSeconds: number, spec: object, status: object): object {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(name, ageSeconds), spec: { selector, template, ...spec }, status };
}

const jobs = [
  job('pi', 300, { completions: 1, parallelism: 1 }, { startTime: at(300), completionTime: at(290), succeeded: 1, conditions: [condition('SuccessCriteriaMet'), condition('Complete')] }),
  job('running', 45, { completions: 5, parallelism: 2 }, { startTime: at(45), active: 2, succeeded: 2 }),
  job('queue', 20, { parallelism: 3 }, { startTime: at(20), active: 3 }),
  job('flaky', 200, { completions: 1, parallelism: 1 }, { startTime: at(200), failed: 7, conditions: [condition('FailureTarget'), condition('Failed')] }),
  job('stopping', 60, { completions: 1 }, { startTime: at(60), active: 1, conditions: [condition('FailureTarget')] }),
  job('parked', 10, { completions: 1, suspend: true }, { conditions: [condition('Suspended')] }),
];

const cronJobs = [
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('hello', 600), spec: { schedule: '*/1 * * * *', suspend: false, jobTemplate: { spec: { template } } }, status: { active: [{ name: 'hello-1' }], lastScheduleTime: at(25) } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('nightly', 90), spec: { schedule: '0 3 * * *', timeZone: 'Europe/Paris', suspend: true, jobTemplate: { spec: { template } } }, status: {} },
];

describe('batch printers', () => {
  it('prints jobs as v1.32 does: STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR', () => {
    const table = toTable(listOf('Job', 'batch/v1', jobs as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => (c.priority ? `${c.name}*` : c.name))).toEqual(['Name', 'Status', 'Completions', 'Duration', 'Age', 'Containers*', 'Images*', 'Selector*']);
    expectGolden('jobs.txt', renderTable(table));
    expectGolden('jobs-wide.txt', renderTable(table, true));
  });

  it('prints cron jobs: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
    const table = toTable(listOf('CronJob', 'batch/v1', cronJobs as KubeObject[]), { now: NOW });
    expect(table.columnDefinitions.map((c) => `${c.name}:${c.type}`).slice(0, 7)).toEqual(['Name:string', 'Schedule:string', 'Timezone:string', 'Suspend:boolean', 'Active:integer', 'Last Schedule:string', 'Age:string']);
    expectGolden('cronjobs.txt', renderTable(table));
    expectGolden('cronjobs-wide.txt', renderTable(table, true));
  });
});
