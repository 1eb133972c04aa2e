// Placeholder until this module lands; see docs/DESIGN.md §2.
