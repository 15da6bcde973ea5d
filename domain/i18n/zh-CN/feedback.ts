import type { CatalogueShape } from '../catalogue';
import type { feedback as en } from '../en/feedback';

/** 简体中文：feedback 命名空间（学员反馈卡片及反馈 HTML/PDF）。 */
export const feedback: CatalogueShape<typeof en> = {
  card: {
    title: '学员反馈',
    intro:
      '只包含该考生本人的录像：有扣分的步骤、考官评语、该步骤在录像中的时间点（录像在本机时附截图）以及正确操作的要求。不包含任何模型建议。',
    oneCandidate: '单个考生',
    candidate: '考生',
    candidateOption_one: '{{code}}（{{count}} 段录像）',
    candidateOption_other: '{{code}}（{{count}} 段录像）',
    noCandidates: '尚无有录像的考生。',
    wholeSession: '整个考试场次',
    session: '考试场次',
    sessionHint:
      '生成一份包含本场次所有考生的文档，每位考生从新的一页开始，页首标有考生编号，打印后可分别交给各位考生。',
    noSessions: '尚无考试场次。',
    html: '反馈（HTML）',
    pdf: '反馈（PDF）',
    preparing: '正在准备…',
    savedTo: '已保存到 {{file}}',
  },
  doc: {
    title: '反馈 — {{candidate}}',
    sessionTitle: '反馈 — {{session}}',
    heading: '考生 {{candidate}} 的反馈',
    intro: '考官逐步给出的评分与评语，以及评分表对每一步的要求。生成于 {{date}}。',
    nothingMarked: '该考生的录像尚未评分。',
    sessionHeading: '考试场次 {{session}} 的反馈',
    sessionEmpty: '本场次尚无考生录像。',
    stationLine: '{{rubric}}（站点 {{station}}）',
    notFinal: '结果尚未最终确定',
    points: '得分 {{score}} / {{max}}',
    toPractise: '需要加强练习的步骤',
    noPointsLost: '没有失分',
    criticalStep: '关键步骤',
    examinerComment: '考官评语：',
    requires: '正确操作要求：',
    when: '录像中的时间：{{start}}–{{end}}',
    frameAlt: '“{{step}}”的截图',
    stillReviewed: '仍在复核中',
    stillReviewedText: '这些步骤的考官评分正在比对，最终分数稍后给出。',
    doneCorrectly: '完全正确完成的步骤',
    notAssessed: '未评估',
    notAssessedText: '以下步骤无法从录像中评估，不计入得分：{{steps}}。',
    pictures: {
      notRequested: '未要求附截图。',
      noVideo: '本机上没有该录像，因此没有截图。',
      noFfmpeg: '未找到 ffmpeg，因此没有截图。',
      someFailed: '部分截图未能从录像中提取。',
    },
  },
};
