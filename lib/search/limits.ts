/** What search allows, shared by the server and the search box. */
export const MAX_QUERY_CHARS = 200;
/** Results per group while typing (the search page and its box). */
export const AS_YOU_TYPE_LIMIT = 8;

export const tooLongMessage = () => `Searches can be at most ${MAX_QUERY_CHARS} characters long. Shorten it to the words that matter.`;
