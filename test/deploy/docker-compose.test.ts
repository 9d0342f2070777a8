/** No Docker engine runs here, so the compose file is checked as data: services, images, ports and wiring. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const ROOT = path.join(__dirname, '..', '..');

interface Service {
  image?: string;
  build?: string;
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: string[] | Record<string, unknown>;
  command?: string[];
}

const compose = YAML.parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const services = compose.services;

function dependsOn(service: Service): string[] {
  const d = service.depends_on ?? [];
  return Array.isArray(d) ? d : Object.keys(d);
}

test('has the Temporal server on PostgreSQL, the Web UI, Mailpit and the worker', () => {
  expect(Object.keys(services).sort()).toEqual([
    'mailpit',
    'postgresql',
    'temporal',
    'temporal-ui',
    'worker',
  ]);
  expect(services.postgresql?.image).toMatch(/^postgres:\d+/);
  expect(services.temporal?.image).toBe('temporalio/auto-setup:1.29.1');
  expect(services.temporal?.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  expect(dependsOn(services.temporal as Service)).toContain('postgresql');
  expect(services['temporal-ui']?.image).toMatch(/^temporalio\/ui:/);
  expect(services.mailpit?.image).toMatch(/^axllent\/mailpit:/);
});

test('publishes the ports the README names', () => {
  expect(services.temporal?.ports).toEqual(['7233:7233']);
  expect(services['temporal-ui']?.ports).toEqual(['8080:8080']);
  expect(services.mailpit?.ports).toEqual(['1025:1025', '8025:8025']);
});

test('wires the worker to Temporal and Mailpit by service name, built from this repository', () => {
  const worker = services.worker as Service;
  expect(worker.build).toBe('.');
  expect(existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
  expect(worker.environment).toMatchObject({
    TEMPORAL_ADDRESS: 'temporal:7233',
    SMTP_URL: 'smtp://mailpit:1025',
  });
  expect(services['temporal-ui']?.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(dependsOn(worker).sort()).toEqual(['mailpit', 'temporal']);
  expect(worker.command?.slice(0, 3)).toEqual(['node', 'bin/oco.js', 'start']);
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  expect(dockerfile).toMatch(/RUN npm ci/);
});
