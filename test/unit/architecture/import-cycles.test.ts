import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './import-graph.ts';

// A loop of imports, of types too, is a pair of modules a reader cannot understand one without
// the other, and an order of evaluation that depends on who imported first.
const graph = new Map([...importGraph('functions'), ...importGraph('infra'), ...importGraph('web/src')]);

describe('the import graph', () => {
  it('has no loops in functions/, infra/ or web/src/', () => {
    const loops = importCycles(graph).map((loop) => loop.join(' → '));
    expect(loops).toEqual([]);
  });

  it('follows type imports, aliases and relative paths (a type-only loop is still a loop)', () => {
    // workflow.ts imports only types from schemas.ts, through a relative path.
    expect(graph.get('functions/domain/handoffs/workflow.ts')).toContain('functions/domain/handoffs/schemas.ts');
    // env.ts imports only types, through an alias.
    expect(graph.get('functions/api/env.ts')).toContain('functions/services/context.ts');
    // A re-export is an import too.
    expect(graph.get('functions/services/idempotency.ts')).toEqual(['functions/data/idempotency.ts']);
  });

  it('names each loop by its files, back to where it started', () => {
    const loops = importCycles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', ['c.ts', 'd.ts']],
        ['c.ts', ['a.ts']],
        ['d.ts', []],
        ['e.ts', ['e.ts']],
      ]),
    );
    expect(loops).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
      ['e.ts', 'e.ts'],
    ]);
  });
});
