import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS, WORKER_NODE_FLAGS, withServerNodeFlags } from './node-flags';

const root = join(__dirname, '../../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('server V8 flags', () => {
  it('are on every command line that starts the API process', () => {
    const startProd = JSON.parse(read('package.json')).scripts['start:prod'] as string;
    for (const flag of SERVER_NODE_FLAGS) {
      expect(startProd).toContain(flag);
      expect(read('tools/start.mjs')).toContain(`'${flag}'`);
      expect(read('tools/deploy/Dockerfile')).toContain(`"${flag}"`);
    }
  });

  it('are added to a worker process unless the command line or NODE_OPTIONS already sets them', () => {
    expect(withServerNodeFlags(['-r', '@swc-node/register'])).toEqual(['-r', '@swc-node/register', ...SERVER_NODE_FLAGS]);
    expect(withServerNodeFlags(['--max-semi-space-size=2'])).toEqual(['--max-semi-space-size=2']);
    expect(withServerNodeFlags(['--max_semi_space_size=2'])).toEqual(['--max_semi_space_size=2']);
    expect(withServerNodeFlags([], '--no-warnings --max-semi-space-size=32')).toEqual([]);
  });

  it('give a worker process its heap limit unless the API process or NODE_OPTIONS sets one', () => {
    const worker = [...SERVER_NODE_FLAGS, ...WORKER_NODE_FLAGS];
    expect(withServerNodeFlags([], '', worker)).toEqual(['--max-semi-space-size=4', '--max-old-space-size=176']);
    expect(withServerNodeFlags(['--max-old-space-size=512'], '', worker)).toEqual(['--max-old-space-size=512', '--max-semi-space-size=4']);
    expect(withServerNodeFlags([], '--max_old_space_size=1024', worker)).toEqual(['--max-semi-space-size=4']);
  });

  it('are on the Kubernetes workers, which are not started by an API process', () => {
    for (const flag of WORKER_NODE_FLAGS) expect(read('tools/deploy/kubernetes/worker.yaml')).toContain(flag);
  });
});
