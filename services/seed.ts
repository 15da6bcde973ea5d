import type { ServiceContext } from './context';

/** Makes sure the built-in rubrics are in the database (added by the rubric module). */
export function seedBuiltins(_ctx: ServiceContext): void {}
