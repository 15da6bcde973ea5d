import type { CatalogueShape } from '../catalogue';
import type { recordings as en } from '../en/recordings';

/** 简体中文：recordings 命名空间。 */
export const recordings: CatalogueShape<typeof en> = {};
