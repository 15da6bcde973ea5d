import type { CatalogueShape } from '../catalogue';
import type { scoring as en } from '../en/scoring';

/** 简体中文：scoring 命名空间。 */
export const scoring: CatalogueShape<typeof en> = {};
