import type { CatalogueShape } from '../catalogue';
import type { reports as en } from '../en/reports';

/** 简体中文：reports 命名空间。 */
export const reports: CatalogueShape<typeof en> = {};
