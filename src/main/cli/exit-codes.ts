// What the shell sees. 2 is the conventional "you typed something wrong" (as in getopt and
// commander's own misuse errors once mapped), kept apart from 1, "the engine could not do it".
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, for a second Ctrl-C that cuts a graceful stop short. */
export const EXIT_INTERRUPTED = 130;
