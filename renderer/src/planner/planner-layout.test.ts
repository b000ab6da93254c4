import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, readPlannerLayout } from './planner-layout';

const storage = (value: string | null) => ({ getItem: () => value });

describe('readPlannerLayout', () => {
  it('reads what was remembered', () => {
    expect(readPlannerLayout(storage('{"topologyList":false,"palette":false,"docked":true}'))).toEqual({
      topologyList: false,
      palette: false,
      docked: true,
    });
  });

  it('falls back to the default for missing, malformed or mistyped values', () => {
    expect(readPlannerLayout(storage(null))).toEqual(DEFAULT_LAYOUT);
    expect(readPlannerLayout(storage('{nope'))).toEqual(DEFAULT_LAYOUT);
    expect(readPlannerLayout(storage('{"palette":"no","docked":true}'))).toEqual({ ...DEFAULT_LAYOUT, docked: true });
    expect(readPlannerLayout(undefined)).toEqual(DEFAULT_LAYOUT);
  });
});
