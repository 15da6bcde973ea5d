import type { CatalogueShape } from '../catalogue';
import type { common as en } from '../en/common';

/** 简体中文：各界面共用的文字（外壳、导航、语言与主题、通用操作）。 */
export const common: CatalogueShape<typeof en> = {
  appName: 'OSCE 评分',
  tagline: '考官决定 · 模型辅助',
  nav: {
    sections: '栏目',
    recordings: '录像',
    recordingsHint: '导入并浏览考试录像',
    review: '评分',
    reviewHint: '按站点评分表为录像评分',
    rubrics: '评分表',
    rubricsHint: '站点评分表：版本、编辑、导入与导出',
    reports: '报告',
    reportsHint: '一致性、模型排行与学员反馈',
    settings: '设置',
    settingsHint: '模型服务、媒体工具与数据',
  },
  db: {
    label: '数据库：{{name}}',
    version: '数据结构 v{{schema}} · 应用 {{app}}',
    loading: '正在加载…',
    demoChip: '演示数据库',
  },
  demoBanner: {
    strong: '演示数据',
    text: '生成的录像、演示考官和演示模型，仅供熟悉应用。这些不是考试记录，也不会与考试记录混在一起。',
  },
  fatal: {
    title: '无法打开考试数据库',
    nothingChanged: '没有做任何更改。请关闭应用，改用其他数据库启动，或更新应用。',
  },
  appearance: {
    title: '外观',
    theme: '配色',
    system: '跟随系统',
    systemHint: '与操作系统一致',
    light: '浅色',
    dark: '深色',
    language: '语言',
    languageSystem: '跟随系统（{{resolved}}）',
    saved: '已保存。',
  },
  language: {
    en: 'English',
    'zh-CN': '简体中文',
  },
  integrity: {
    damaged: '考试数据库已损坏。',
    found: 'SQLite 完整性检查发现：{{detail}}。',
    whatToDo: '请停止评分，并恢复最近的备份（设置 › 备份 › 恢复…），或在命令行中执行：',
    noBackup: '请停止评分：备份文件夹中没有找到备份。请先保留一份数据库文件的副本。',
  },
  actions: {
    save: '保存',
    cancel: '取消',
    close: '关闭',
    retry: '重试',
    browse: '浏览…',
  },
};
