/** Breakout groups: messages in English (the key set every language must match). */
export const enBreakouts = {
  'error.BREAKOUT_NOT_RUNNING': 'No breakout is running.',
  'error.BREAKOUT_RUNNING': 'Breakout groups are running: bring everyone back first.',
  'error.BREAKOUT_GROUP_NOT_FOUND': 'That breakout group does not exist.',
  'error.BREAKOUT_INVALID_SPLIT': 'This split is not valid: every factor needs a group and each person one group.',
  'error.NOT_IN_BREAKOUT': 'You are not in a breakout group yet.',
  'breakouts.label': 'Breakout groups',
  'breakouts.groupTitle': 'Group {n}',
  'breakouts.yourGroup': 'You are in {group}',
  'breakouts.lead': 'Group lead',
  'breakouts.plenaryReadOnly': 'The plenary board is read-only while groups work.',
  'breakouts.fromGroup': 'From {group}',
  'breakouts.groupVotes': '{count} votes in the group',
  'breakouts.message': 'Message from the facilitator: {text}',
  'breakouts.returningIn': 'Everyone comes back in {time}',
};
