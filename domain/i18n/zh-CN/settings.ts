import type { CatalogueShape } from '../catalogue';
import type { settings as en } from '../en/settings';

/** 简体中文：settings 命名空间。 */
export const settings: CatalogueShape<typeof en> = {};
