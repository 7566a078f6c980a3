import { createPermission } from '@backstage/plugin-permission-common';

/** Reading dashboards: every signed-in user. */
export const devexMetricsReadPermission = createPermission({
  name: 'devex.metrics.read',
  attributes: { action: 'read' },
});

/** Answering or dismissing a survey or rating, and reporting one's page views. */
export const devexFeedbackCreatePermission = createPermission({
  name: 'devex.feedback.create',
  attributes: { action: 'create' },
});

/**
 * Seeing who wrote a survey comment. Comments are anonymous to everyone else; the
 * portal's policy keeps this for platform admins.
 */
export const devexSurveyCommentAuthorsReadPermission = createPermission({
  name: 'devex.survey.comment-authors.read',
  attributes: { action: 'read' },
});

export const devexPermissions = [
  devexMetricsReadPermission,
  devexFeedbackCreatePermission,
  devexSurveyCommentAuthorsReadPermission,
];

/** Permissions only platform admins are given; everyone else is refused. */
export const DEVEX_ADMIN_ONLY_PERMISSION_NAMES: readonly string[] = [
  devexSurveyCommentAuthorsReadPermission.name,
];
