import type { CatalogueShape } from '../catalogue';
import type { feedback as en } from '../en/feedback';

/** 简体中文：feedback 命名空间。 */
export const feedback: CatalogueShape<typeof en> = {};
