import type { CatalogueShape } from '../catalogue';
import type { rubrics as en } from '../en/rubrics';

/** 简体中文：rubrics 命名空间。 */
export const rubrics: CatalogueShape<typeof en> = {};
