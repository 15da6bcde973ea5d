import type { CatalogueShape } from '../catalogue';
import type { glossary as en } from '../en/glossary';

/** 简体中文：glossary 命名空间。 */
export const glossary: CatalogueShape<typeof en> = {};
