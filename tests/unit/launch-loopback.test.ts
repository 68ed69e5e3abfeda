import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertLoopbackOnly, withLoopbackGuard } from '@/scripts/launch/loopback';

describe("local mode's loopback rule (the launcher)", () => {
  const overrides = [['-H', 'x'], ['-Hx'], ['--hostname', 'x'], ['--hostname=x'], ['--port', '3001', '-H0.0.0.0']];
  it.each(overrides.map((args) => [args]))('refuses %j', (args) => {
    expect(() => assertLoopbackOnly(args, {})).toThrow(/: local mode serves loopback only.*Fix: /);
  });

  const binds = [{ HOST: '0.0.0.0' }, { HOST: 'myhost.lan' }, ...['0.0.0.0', '192.0.2.7', '::', '[::]'].map((HOSTNAME) => ({ HOSTNAME }))];
  it.each(binds)('refuses %j, naming the variable', (env) => {
    expect(() => assertLoopbackOnly([], env)).toThrow(new RegExp(`^Invalid environment[\\s\\S]*${Object.keys(env)[0]} \\(`));
  });

  it('accepts loopback names, other arguments, and a HOSTNAME that is a name (Docker sets the container id)', () => {
    const hosts = ['localhost', '127.0.0.1', '::1'].map((HOST) => ({ HOST }));
    const accepted = [{}, ...hosts, { HOSTNAME: 'a1b2c3d4e5f6' }, { HOSTNAME: 'localhost' }];
    for (const env of accepted) {
      expect(() => assertLoopbackOnly(['--port', '3001', '--turbopack'], env), JSON.stringify(env)).not.toThrow();
    }
  });

  const inspectors = [
    ['--inspect=0.0.0.0'],
    ['--inspect=0.0.0.0:9229'],
    ['--inspect-brk=192.0.2.7:9229'],
    ['--inspect-port', '[::]:9229'],
    ['--inspect', 'myhost.lan:9229'],
  ];
  it.each(inspectors.map((args) => [args]))("refuses Node's inspector beyond loopback: %j", (args) => {
    expect(() => assertLoopbackOnly(args, {})).toThrow(/--inspect.*: local mode serves loopback only.*Fix: /);
  });

  it.each(['--inspect=0.0.0.0:9229', '--max-old-space-size=4096 --inspect-brk=[::]:9229'])(
    'refuses NODE_OPTIONS=%j, naming the variable',
    (NODE_OPTIONS) => {
      expect(() => assertLoopbackOnly([], { NODE_OPTIONS })).toThrow(/NODE_OPTIONS \(--inspect.*\): local mode serves loopback only/);
    },
  );

  it('accepts the inspector on loopback: plain, a port, or a loopback host', () => {
    const args = [
      ['--inspect'],
      ['--inspect=9230'],
      ['--inspect=127.0.0.1:9229'],
      ['--inspect-brk=localhost'],
      ['--inspect=[::1]:9229'],
      ['--inspect', '--port', '3001'],
    ];
    for (const each of args) expect(() => assertLoopbackOnly(each, { NODE_OPTIONS: '--inspect=9229' }), JSON.stringify(each)).not.toThrow();
  });

  it("preloads the guard through NODE_OPTIONS, after the caller's own options", () => {
    const options = withLoopbackGuard('--max-old-space-size=4096');
    const [own, flag, url] = options.split(' ');
    expect([own, flag]).toEqual(['--max-old-space-size=4096', '--import']);
    expect(fs.existsSync(fileURLToPath(url!))).toBe(true);
  });
});
