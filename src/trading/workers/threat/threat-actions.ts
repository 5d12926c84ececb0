/** The actions a threat worker may ask of planning (see ThreatSignal), for the workers' params. */
export const THREAT_ACTIONS = ['block', 'reduce', 'close'] as const;
