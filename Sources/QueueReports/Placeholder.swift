/// Placeholder until the reports land.
enum QueueReportsPlaceholder {}
