// The house's layers as lint rules (#14): which folder may import which, only src/cli.ts touches `process`, only
// src/ui/ imports Inquirer and marked, the machine in flows/ stays pure. Filled in by the layers work.
export default [];
