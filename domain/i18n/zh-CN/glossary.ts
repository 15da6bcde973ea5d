import type { CatalogueShape } from '../catalogue';
import type { glossary as en } from '../en/glossary';

/** 简体中文：glossary 命名空间（报告中每个指标的通俗解释）。 */
export const glossary: CatalogueShape<typeof en> = {
  title: '指标说明',
  intro: '每个指标都比较同一批录像上的两组评分：两位考官之间，或模型与最终分之间。',
  terms: {
    finalScore: {
      term: '最终分',
      short: '某一步骤经仲裁的分数；若无仲裁，则为所有考官一致给出的分数；只有一位考官时为其评分。',
    },
    qwk: {
      term: '步骤加权κ',
      short: '两位评分者对同一步骤给出相同等级的程度（扣除偶然一致）：0 表示与随机相当，1 表示完全一致。',
    },
    ac1: {
      term: 'AC1 系数',
      short: '与 κ 类似，但在几乎所有步骤都得满分时不会失真：0 表示与随机相当，1 表示完全一致。',
    },
    exact: {
      term: '完全一致率',
      short: '两位评分者将步骤归入完全相同等级（满分、轻微扣分、明显不足、零分）的比例。',
    },
    mcc: {
      term: 'MCC（马修斯相关系数）',
      short: '区分错误步骤与正确步骤的能力：0 表示与猜测无异，1 表示完全正确，小于 0 表示判断相反。',
    },
    plcc: {
      term: 'PLCC（皮尔逊相关）',
      short: '一位评分者给出较高总分的录像，另一位是否也给出较高总分（1 表示同步，0 表示无关）。',
    },
    srcc: {
      term: 'SRCC（斯皮尔曼相关）',
      short: '与 PLCC 类似，但只看录像的排序，不看分差大小。',
    },
    precision: {
      term: '精确率',
      short: '模型判为错误的步骤中，确实有错误的比例。',
    },
    recall: {
      term: '召回率',
      short: '真实存在的错误中，被模型发现的比例。',
    },
    f1: {
      term: 'F1 值',
      short: '将精确率与召回率合为一个数；模型把所有步骤都判为错误时也会偏高，须与 MCC 一起看。',
    },
    predictedErrors: {
      term: '判为错误的比例',
      short: '模型判为错误的步骤所占比例；接近 100% 表示几乎全部标记为错误。',
    },
    baseline: {
      term: '全判错误基线',
      short: '把每个步骤都判为错误时得到的结果：有使用价值的模型在 MCC 上必须超过它。',
    },
    coverage: {
      term: '覆盖率',
      short: '模型给出答案的录像占有最终分录像的比例；覆盖过少的模型不参与排名。',
    },
    standing: {
      term: '排名位置',
      short: '模型是否确实落后于第一名，或其 95% 区间与第一名重叠（无实际差别）。',
    },
    ci: {
      term: '95% 置信区间',
      short: '换一批同类录像时该指标可能落入的范围；区间越宽，结果越不确定。',
    },
    stringency: {
      term: '评分宽严（偏严 / 偏宽）',
      short: '考官的总分是否稳定地低于（偏严）或高于（偏宽）最终分。',
    },
    drift: {
      term: '评分漂移',
      short: '考官在考试当天是否逐渐变严或变宽（按站点分别计算）。',
    },
    blandAltman: {
      term: 'Bland-Altman 图',
      short: '按站点显示两位考官对每段录像总分的差值：系统偏差以及 95% 差值所在的范围。',
    },
    notAssessable: {
      term: '无法评估',
      short: '无法从录像中判断的步骤，不计入任何指标。',
    },
    n: {
      term: 'n（样本数）',
      short: '计算该指标所用的录像或步骤数；数量少时指标可能变化很大。',
    },
  },
};
