/** 300 participants in 30 groups of 10, every group writing at once (issue 11). */
export const BREAKOUT_BENCH = { participants: 300, groups: 30, notesPerGroup: 10 };

// The bench drives hundreds of people from one address: per-address and per-session limits are lifted.
export const BENCH_NODE_ENV = {
  LOG_LEVEL: 'warn',
  COMMANDS_PER_SECOND: '100000',
  COMMANDS_PER_SESSION_PER_SECOND: '1000000',
  COMMANDS_PER_ADDRESS_PER_SECOND: '1000000',
  CONNECTIONS_PER_SESSION: '100000',
  CONNECTIONS_PER_ADDRESS: '100000',
  SESSIONS_PER_LINK_PER_ADDRESS_PER_HOUR: '1000000',
  WORKSHOPS_PER_ADDRESS_PER_HOUR: '1000000',
};
