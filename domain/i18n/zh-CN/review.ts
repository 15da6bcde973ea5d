import type { CatalogueShape } from '../catalogue';
import type { review as en } from '../en/review';

/** 简体中文：review 命名空间。 */
export const review: CatalogueShape<typeof en> = {};
