// Every component is compiled in runes mode, also one that uses no rune itself (a panel that reads
// its page's state from context): otherwise Svelte compiles it in legacy mode, where assigning a
// member of a top-level const makes that const a signal (and everything reading it re-run).
export default {
  compilerOptions: { runes: true },
};
