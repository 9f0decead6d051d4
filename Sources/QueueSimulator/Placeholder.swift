/// Placeholder until the simulator lands.
enum QueueSimulatorPlaceholder {}
