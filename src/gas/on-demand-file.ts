/**
 * The pushed file that holds the server code Code.js evaluates only when a function needs it (build/OnDemand.html,
 * read with HtmlService; see src/server/on-demand.ts), and the name its stack frames carry.
 */
export const ON_DEMAND_FILE = 'OnDemand';
