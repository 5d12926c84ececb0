/** The CLI's exit codes, the same for every command: scripts and schedulers branch on them. */
export const EXIT_OK = 0;
/** The job ran and failed (a leak found, a run that threw). */
export const EXIT_FAILED = 1;
/** The input was wrong (a bad config file, an unknown option): nothing was attempted. */
export const EXIT_BAD_INPUT = 2;
