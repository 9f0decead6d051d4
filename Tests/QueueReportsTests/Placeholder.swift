// Placeholder until the report tests land.
