// CLI commands for observations, accuracy patches and imports (issue 5): added as they land.
import type { Command, Option } from 'commander';

export function registerPostIncidentCommands(_program: Command, _helpers: { serverOption: () => Option; print: (text: string) => void }): void {}
